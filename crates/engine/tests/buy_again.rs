//! Buy again: what a logged-in shopper's past orders (handed over by the shop's page) make due.

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, History, Reason, Recommendation};

fn pet_shop() -> Catalog {
    Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "cat-food", "title": "Cat food 2 kg", "price": 1899, "category": ["Cats", "Food"],
         "repurchase_days": 14,
         "variants": [{"id": "cat-food-2kg", "title": "2 kg", "price": 1899},
                      {"id": "cat-food-10kg", "title": "10 kg", "price": 6999},
                      {"id": "cat-food-12kg", "title": "12 kg", "price": 7999, "repurchase_days": 84}]},
        {"id": "dog-food", "title": "Dog food", "price": 299, "category": ["Dogs", "Food"],
         "variants": [{"id": "dog-food-sample", "title": "Sample", "price": 299},
                      {"id": "dog-food-15kg", "title": "15 kg", "price": 5999, "repurchase_days": 60}]},
        {"id": "litter", "title": "Cat litter", "price": 4500, "category": ["Cats", "Litter"], "repurchase_days": 30},
        {"id": "toy-mouse", "title": "Toy mouse", "price": 399, "category": ["Cats", "Toys"]},
        {"id": "brush", "title": "Cat brush", "price": 899, "category": ["Cats", "Care"]},
        {"id": "catnip", "title": "Catnip", "price": 299, "category": ["Cats", "Treats"], "repurchase_days": 7,
         "stock": 0}
      ],
      "complements": [{"from": "brush", "to": "toy-mouse"}]
    }"#,
    )
    .unwrap()
}

fn picks(cart: &[&str], history: &str, today: &str) -> Vec<Recommendation> {
    let catalog = pet_shop();
    let history = History::parse(history).unwrap();
    let cart = Cart::from_ids(&catalog, cart).with_history(&catalog, &history);
    recommend(
        &catalog,
        &cart,
        today.parse::<Date>().unwrap(),
        &Config::default(),
    )
}

fn ids(picks: &[Recommendation]) -> Vec<&str> {
    picks.iter().map(|r| r.product_id.as_str()).collect()
}

const CAT_FOOD_ON_2_NOVEMBER: &str = r#"[
  {"date": "2026-10-19", "lines": [{"id": "cat-food-2kg", "quantity": 1}]},
  {"date": "2026-11-02", "lines": [{"id": "cat-food-10kg", "quantity": 1}, "toy-mouse"]}
]"#;

#[test]
fn a_consumable_whose_cycle_has_passed_comes_first_as_its_last_order_had_it() {
    let picks = picks(&["brush"], CAT_FOOD_ON_2_NOVEMBER, "2026-11-17");
    assert_eq!(ids(&picks), ["cat-food", "toy-mouse"]);
    assert_eq!(
        picks[0].reason,
        Reason::LastBought {
            date: "2026-11-02".parse().unwrap(),
            line_id: "cat-food-10kg".into(),
            quantity: 1,
        }
    );
}

#[test]
fn two_bags_bought_last_time_last_twice_as_long_and_are_offered_as_two() {
    // Two lines of one variant in one order: one purchase of two, due from day 24 of 28.
    let two_bags = r#"[
      {"date": "2026-11-02", "lines": [{"id": "cat-food-2kg", "quantity": 1}, "toy-mouse",
                                       {"id": "cat-food-2kg", "quantity": 1}]}
    ]"#;
    assert_eq!(ids(&picks(&["brush"], two_bags, "2026-11-25")), ["toy-mouse"]);
    let picks = picks(&["brush"], two_bags, "2026-11-26");
    assert_eq!(ids(&picks), ["cat-food", "toy-mouse"]);
    assert_eq!(
        picks[0].reason,
        Reason::LastBought {
            date: "2026-11-02".parse().unwrap(),
            line_id: "cat-food-2kg".into(),
            quantity: 2,
        }
    );
}

#[test]
fn a_staple_the_shopper_went_on_shopping_without_is_dropped() {
    // Cat food last on 1 October; an order on 13 November (43 days on, past three cycles of
    // 14) without it: they buy it elsewhere now. On 12 November it was only late.
    let shopped_without = |day: &str| {
        format!(
            r#"[{{"date": "2026-10-01", "lines": ["cat-food-2kg"]}}, {{"date": "{day}", "lines": ["litter"]}}]"#
        )
    };
    assert_eq!(
        ids(&picks(&["brush"], &shopped_without("2026-11-12"), "2026-12-06"))[0],
        "cat-food"
    );
    assert_eq!(
        ids(&picks(&["brush"], &shopped_without("2026-11-13"), "2026-12-06")),
        ["toy-mouse"]
    );
    // A shopper back after months without any order meanwhile still gets their staple.
    let long_away = r#"[{"date": "2026-03-02", "lines": ["cat-food-2kg"]}]"#;
    assert_eq!(ids(&picks(&["brush"], long_away, "2026-12-06"))[0], "cat-food");
}

#[test]
fn it_is_offered_a_little_before_it_runs_out_and_not_sooner() {
    // A 14-day cycle is due from day 12 (one day early per week of cycle).
    assert_eq!(
        ids(&picks(&["brush"], CAT_FOOD_ON_2_NOVEMBER, "2026-11-13")),
        ["toy-mouse"]
    );
    assert_eq!(
        ids(&picks(&["brush"], CAT_FOOD_ON_2_NOVEMBER, "2026-11-14")),
        ["cat-food", "toy-mouse"]
    );
}

#[test]
fn a_variant_with_a_cycle_of_its_own_lasts_that_long() {
    // 12 kg of cat food lasts 84 days, where the product's 2 kg lasts 14: not due a month on,
    // due from day 72.
    let big_bag = r#"[{"date": "2026-10-01", "lines": ["cat-food-12kg"]}]"#;
    assert_eq!(ids(&picks(&["brush"], big_bag, "2026-11-01")), ["toy-mouse"]);
    assert_eq!(ids(&picks(&["brush"], big_bag, "2026-12-11")), ["toy-mouse"]);
    let picks = picks(&["brush"], big_bag, "2026-12-12");
    assert_eq!(ids(&picks), ["cat-food", "toy-mouse"]);
    assert!(matches!(&picks[0].reason, Reason::LastBought { line_id, .. } if line_id == "cat-food-12kg"));
}

#[test]
fn an_order_of_both_sizes_is_due_when_the_bigger_runs_out() {
    // The 2 kg bag (14 days) beside the 12 kg one (84 days), in either order, and an id the
    // page wrote with a space: not due a month on; then the 12 kg bag is offered.
    for lines in [
        r#""cat-food-2kg", "cat-food-12kg""#,
        r#""cat-food-12kg", "cat-food-2kg""#,
        r#"" cat-food-12kg""#,
    ] {
        let history = format!(r#"[{{"date": "2026-10-01", "lines": [{lines}]}}]"#);
        assert_eq!(
            ids(&picks(&["brush"], &history, "2026-11-01")),
            ["toy-mouse"],
            "{lines}"
        );
        let picks = picks(&["brush"], &history, "2026-12-12");
        assert_eq!(ids(&picks), ["cat-food", "toy-mouse"], "{lines}");
        assert!(
            matches!(&picks[0].reason, Reason::LastBought { line_id, .. } if line_id == "cat-food-12kg"),
            "{lines}"
        );
    }
}

#[test]
fn eight_small_bags_outlast_one_big_one_whatever_the_order_of_the_lines() {
    // 2 × 4 bags of 2 kg (8 × 14 = 112 days) beside one 12 kg bag (84 days) that day: due from
    // day 96, as eight small bags.
    let small = r#"{"id": "cat-food-2kg", "quantity": 4}"#;
    let big = r#"{"id": "cat-food-12kg", "quantity": 1}"#;
    for lines in [[small, big, small], [big, small, small], [small, small, big]] {
        let history = format!(r#"[{{"date": "2026-10-01", "lines": [{}]}}]"#, lines.join(", "));
        assert_eq!(
            ids(&picks(&["brush"], &history, "2027-01-04")),
            ["toy-mouse"],
            "{history}"
        );
        let picks = picks(&["brush"], &history, "2027-01-05");
        assert_eq!(
            picks[0].reason,
            Reason::LastBought {
                date: "2026-10-01".parse().unwrap(),
                line_id: "cat-food-2kg".into(),
                quantity: 8,
            },
            "{history}"
        );
    }
}

#[test]
fn only_the_variant_with_a_cycle_comes_back_where_the_product_has_none() {
    // The sample of dog food is a one-off; the 15 kg bag lasts 60 days (due from day 52).
    let sample = r#"[{"date": "2026-10-01", "lines": ["dog-food-sample"]}]"#;
    assert_eq!(ids(&picks(&["brush"], sample, "2027-03-01")), ["toy-mouse"]);
    let bag = r#"[{"date": "2026-10-01", "lines": ["dog-food-15kg"]}]"#;
    assert_eq!(ids(&picks(&["brush"], bag, "2026-11-21")), ["toy-mouse"]);
    assert_eq!(
        ids(&picks(&["brush"], bag, "2026-11-22")),
        ["dog-food", "toy-mouse"]
    );
}

#[test]
fn products_without_a_cycle_are_never_bought_again() {
    // The toy mouse was in that order too, but toys do not run out.
    let picks = picks(&["litter"], CAT_FOOD_ON_2_NOVEMBER, "2027-03-01");
    assert_eq!(ids(&picks), ["cat-food"]);
}

#[test]
fn never_what_the_cart_holds_or_the_shop_cannot_sell() {
    assert_eq!(
        ids(&picks(&["cat-food-2kg"], CAT_FOOD_ON_2_NOVEMBER, "2026-11-20")),
        Vec::<&str>::new()
    );
    // Catnip is due but sold out.
    let catnip = r#"[{"date": "2026-10-01", "lines": ["catnip"]}]"#;
    assert_eq!(ids(&picks(&["brush"], catnip, "2026-11-20")), ["toy-mouse"]);
}

#[test]
fn a_staple_is_not_held_to_the_accessory_price_rules() {
    // €45 of litter next to a €3.99 toy: far dearer than the cart, and still what the shopper
    // came back for.
    let litter = r#"[{"date": "2026-10-01", "lines": ["litter"]}]"#;
    assert_eq!(ids(&picks(&["toy-mouse"], litter, "2026-11-01"))[0], "litter");
}

#[test]
fn without_a_history_or_with_nothing_due_the_answer_is_everyones() {
    let everyone = picks(&["brush"], "[]", "2026-11-10");
    assert_eq!(picks(&["brush"], CAT_FOOD_ON_2_NOVEMBER, "2026-11-10"), everyone);
    assert_eq!(ids(&everyone), ["toy-mouse"]);
}

#[test]
fn a_habit_comes_before_a_one_off_when_both_are_due() {
    // Litter in three orders, cat food once: both due, the habit first.
    let history = r#"[
      {"date": "2026-08-01", "lines": ["litter"]},
      {"date": "2026-09-01", "lines": ["litter"]},
      {"date": "2026-10-01", "lines": ["litter", "cat-food-2kg"]}
    ]"#;
    let picks = picks(&["brush"], history, "2026-11-15");
    assert_eq!(ids(&picks)[..2], ["litter", "cat-food"]);
}

#[test]
fn two_bags_due_close_the_free_shipping_gap_at_what_they_add() {
    // The brush cart is EUR 30 short of free shipping on 30 November.
    let food_closes_the_gap = |last_order: &str| {
        let catalog = pet_shop();
        let history = History::parse(last_order).unwrap();
        let cart = Cart::from_ids(&catalog, ["brush"]).with_history(&catalog, &history);
        let config = Config {
            free_shipping_from: checkout_addons_engine::Money(899 + 3000),
            ..Config::default()
        };
        let picks = recommend(&catalog, &cart, "2026-11-30".parse().unwrap(), &config);
        let food = picks.iter().find(|p| p.product_id == "cat-food");
        food.expect("the food is due").free_shipping
    };
    // Two 2 kg bags (2 x EUR 18.99) on 2 November, due after 28 days: one bag would not
    // close the gap, the two the press adds do.
    assert!(food_closes_the_gap(
        r#"[{"date": "2026-11-02", "lines": [{"id": "cat-food-2kg", "quantity": 2}]}]"#
    ));
    // The 10 kg bag (EUR 69.99) bought once closes it too, at its own price, not the 2 kg's.
    assert!(food_closes_the_gap(
        r#"[{"date": "2026-11-02", "lines": [{"id": "cat-food-10kg", "quantity": 1}]}]"#
    ));
}

#[test]
fn a_due_staple_comes_first_even_where_a_complement_of_every_cart_item_adds_up_and_lapsing_lifts_a_bundle() {
    // The scoop goes with all three cart items (2.5, then a quarter of each other: 3.75), the
    // bundle with the bowl is lifted for a lapsing shopper (3.5): the litter, due, still leads.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "litter", "title": "Cat litter", "price": 450, "category": ["Cats", "Litter"], "repurchase_days": 30},
            {"id": "tray", "title": "Litter tray", "price": 1500, "category": ["Cats", "Trays"]},
            {"id": "mat", "title": "Litter mat", "price": 900, "category": ["Cats", "Mats"]},
            {"id": "bin", "title": "Waste bin", "price": 1200, "category": ["Cats", "Bins"]},
            {"id": "scoop", "title": "Scoop", "price": 350, "category": ["Cats", "Scoops"]},
            {"id": "bowl", "title": "Bowl", "price": 400, "category": ["Cats", "Bowls"]}
        ],
        "complements": [{"from": "tray", "to": "scoop"}, {"from": "mat", "to": "scoop"}, {"from": "bin", "to": "scoop"}],
        "bundles": [{"id": "tray-set", "products": ["tray", "bowl"], "saving": 200}]}"#,
    )
    .unwrap();
    let config = Config {
        max_items: 1,
        ..Config::default()
    };
    let today = "2026-11-20".parse::<Date>().unwrap();
    // Bought once, half a year ago: due, and a lapsing shopper.
    let history = History::parse(r#"[{"date": "2026-05-01", "lines": ["litter"]}]"#).unwrap();
    for cart in [&["tray", "mat", "bin"][..], &["tray"]] {
        let cart = Cart::from_ids(&catalog, cart).with_history(&catalog, &history);
        assert_eq!(ids(&recommend(&catalog, &cart, today, &config)), ["litter"]);
    }
}

#[test]
fn two_staples_of_one_shelf_both_due_are_both_offered() {
    // Coffee beans and filter beans share a shelf: two things the shopper buys, not one choice.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "espresso", "title": "Espresso beans", "price": 1095, "category": ["Coffee", "Beans"], "repurchase_days": 21},
            {"id": "filter", "title": "Filter beans", "price": 895, "category": ["Coffee", "Beans"], "repurchase_days": 21},
            {"id": "towel", "title": "Tea towel", "price": 500, "category": ["Kitchen", "Textile"]},
            {"id": "lighter", "title": "Lighter", "price": 150, "category": ["Till", "Lighters"], "impulse": true},
            {"id": "mints", "title": "Mints", "price": 120, "category": ["Till", "Sweets"], "impulse": true}
        ]}"#,
    )
    .unwrap();
    let history = History::parse(r#"[{"date": "2026-10-15", "lines": ["espresso", "filter"]}]"#).unwrap();
    let cart = Cart::from_ids(&catalog, ["towel"]).with_history(&catalog, &history);
    let picks = recommend(&catalog, &cart, "2026-11-20".parse().unwrap(), &Config::default());
    assert_eq!(ids(&picks), ["espresso", "filter", "lighter"]);
    // A third due from that shelf waits as any second from a shelf does.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "espresso", "title": "Espresso beans", "price": 1095, "category": ["Coffee", "Beans"], "repurchase_days": 21},
            {"id": "filter", "title": "Filter beans", "price": 895, "category": ["Coffee", "Beans"], "repurchase_days": 21},
            {"id": "decaf", "title": "Decaf beans", "price": 995, "category": ["Coffee", "Beans"], "repurchase_days": 21},
            {"id": "towel", "title": "Tea towel", "price": 500, "category": ["Kitchen", "Textile"]},
            {"id": "lighter", "title": "Lighter", "price": 150, "category": ["Till", "Lighters"], "impulse": true}
        ]}"#,
    )
    .unwrap();
    let history =
        History::parse(r#"[{"date": "2026-10-15", "lines": ["espresso", "filter", "decaf"]}]"#).unwrap();
    let cart = Cart::from_ids(&catalog, ["towel"]).with_history(&catalog, &history);
    let picks = recommend(&catalog, &cart, "2026-11-20".parse().unwrap(), &Config::default());
    assert_eq!(ids(&picks), ["decaf", "espresso", "lighter"]);
}
