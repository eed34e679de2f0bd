//! The ranking's behaviour, as a shop owner would describe it.

use checkout_addons_engine::{
    recommend, Cart, CartLine, Catalog, Config, Date, Money, Reason, Recommendation,
};

/// A small shoe and coffee shop: enough to show each rule once.
fn shop() -> Catalog {
    Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "suede-shoes", "title": "Suede shoes", "price": 12000, "category": ["Shoes", "Suede"]},
        {"id": "suede-brush", "title": "Suede brush", "price": 700, "category": ["Shoe care", "Brushes"], "kinds": ["accessory"]},
        {"id": "suede-spray", "title": "Suede spray", "price": 900, "category": ["Shoe care", "Brushes"], "kinds": ["consumable"]},
        {"id": "leather-bag", "title": "Leather bag", "price": 6000, "category": ["Bags"]},
        {"id": "socks", "title": "Wool socks", "price": 1200, "category": ["Socks"]},
        {"id": "laptop", "title": "Laptop", "price": 99900, "category": ["Computers"]},
        {"id": "mouse", "title": "Mouse", "price": 2500, "category": ["Computer accessories"]},
        {"id": "batteries", "title": "AA batteries", "price": 399, "category": ["Till", "Batteries"], "impulse": true},
        {"id": "lighter", "title": "Lighter", "price": 199, "category": ["Till", "Smoking"], "impulse": true, "restricted": true},
        {"id": "gift-wrap", "title": "Gift wrap", "price": 250, "category": ["Till", "Gift wrap"], "impulse": true,
         "kinds": ["gift_wrap"], "seasons": [{"from": 11, "to": 12}]},
        {"id": "old-laces", "title": "Laces", "price": 150, "category": ["Till", "Laces"], "impulse": true, "clearance": true},
        {"id": "sold-out-insoles", "title": "Insoles", "price": 1500, "category": ["Insoles"], "stock": 0},
        {"id": "backorder-trees", "title": "Shoe trees", "price": 1900, "category": ["Shoe trees"], "stock": 0, "continue_selling": true},
        {"id": "premium-shoes", "title": "Premium suede shoes", "price": 18000, "category": ["Shoes", "Suede"]}
      ],
      "complements": [
        {"from": "suede-shoes", "to": "suede-brush"},
        {"from": "suede-shoes", "to": "suede-spray"},
        {"from": "suede-shoes", "to": "leather-bag"},
        {"from": "suede-shoes", "to": "sold-out-insoles"},
        {"from": "suede-shoes", "to": "backorder-trees"},
        {"from": "mouse", "to": "laptop"}
      ],
      "upgrades": [{"from": "suede-shoes", "to": "premium-shoes"}],
      "copurchase": {"suede-shoes": [{"with": "socks", "count": 40, "confidence": 0.3, "lift": 2.5}]}
    }"#,
    )
    .expect("the test shop is a valid feed")
}

fn ids(picks: &[Recommendation]) -> Vec<&str> {
    picks.iter().map(|r| r.product_id.as_str()).collect()
}

fn picks_for(cart: &[&str], date: &str, config: &Config) -> Vec<Recommendation> {
    let catalog = shop();
    let cart = Cart::from_ids(&catalog, cart);
    recommend(&catalog, &cart, date.parse::<Date>().unwrap(), config)
}

/// What a shopper with this one product in the cart sees in June, with default settings.
fn june_picks(catalog: &Catalog, product: &str) -> Vec<Recommendation> {
    recommend(
        catalog,
        &Cart::from_ids(catalog, [product]),
        "2026-06-01".parse().unwrap(),
        &Config::default(),
    )
}

fn everything() -> Config {
    Config {
        max_items: 20,
        ..Config::default()
    }
}

#[test]
fn a_brush_is_fine_next_to_shoes_but_a_bag_costing_half_as_much_is_not() {
    let picks = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    assert!(ids(&picks).contains(&"suede-brush"));
    assert!(!ids(&picks).contains(&"leather-bag"), "{picks:?}");
}

#[test]
fn never_offers_the_main_product_for_an_accessory() {
    let picks = picks_for(&["mouse"], "2026-06-01", &everything());
    assert!(!ids(&picks).contains(&"laptop"));
}

#[test]
fn never_suggests_what_is_already_in_the_cart() {
    let picks = picks_for(&["suede-shoes", "suede-brush"], "2026-06-01", &everything());
    assert!(!ids(&picks).contains(&"suede-brush"));
    assert!(!ids(&picks).contains(&"suede-shoes"));
}

#[test]
fn sold_out_items_only_when_the_shop_keeps_selling_them() {
    let picks = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    assert!(!ids(&picks).contains(&"sold-out-insoles"));
    assert!(ids(&picks).contains(&"backorder-trees"));
}

#[test]
fn restricted_items_are_never_recommended_even_by_the_till() {
    let picks = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    assert!(!ids(&picks).contains(&"lighter"));
    let relevance = picks_for(
        &["suede-shoes"],
        "2026-06-01",
        &Config {
            relevance_only: true,
            ..everything()
        },
    );
    assert!(!ids(&relevance).contains(&"lighter"));
}

#[test]
fn gift_wrap_only_in_november_and_december() {
    let june = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    assert!(!ids(&june).contains(&"gift-wrap"));
    let november = picks_for(&["suede-shoes"], "2026-11-23", &everything());
    let wrap = november
        .iter()
        .find(|r| r.product_id == "gift-wrap")
        .expect("gift wrap in November");
    assert_eq!(wrap.reason, Reason::Seasonal);
}

#[test]
fn impulse_items_must_be_cheap_next_to_the_cart() {
    // Batteries at EUR 3.99 are 3% of EUR 120 shoes, but 16% of a EUR 25 mouse.
    let shoes = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    assert!(ids(&shoes).contains(&"batteries"));
    let mouse = picks_for(&["mouse"], "2026-06-01", &everything());
    assert!(!ids(&mouse).contains(&"batteries"));
    assert!(
        ids(&mouse).contains(&"old-laces"),
        "EUR 1.50 laces fit under 10% of EUR 25"
    );
}

#[test]
fn a_small_cart_still_gets_the_tills_cheapest_but_nothing_dearer_than_itself() {
    // EUR 1.50 laces are 12.5% of EUR 12 socks: over the share, under half the EUR 5 cap.
    let socks = picks_for(&["socks"], "2026-06-01", &Config::default());
    assert_eq!(ids(&socks), ["old-laces"]);
    // EUR 3.99 batteries are over half the cap: the share rule holds for them.
    assert!(!ids(&socks).contains(&"batteries"));
    // November's EUR 2.50 gift wrap would cost more than the EUR 1.50 laces in the cart.
    let laces = picks_for(&["old-laces"], "2026-11-15", &Config::default());
    assert!(!ids(&laces).contains(&"gift-wrap"), "{laces:?}");
    let socks_in_november = picks_for(&["socks"], "2026-11-15", &Config::default());
    assert!(ids(&socks_in_november).contains(&"gift-wrap"));
}

#[test]
fn a_swedish_till_is_priced_in_kronor_not_in_cents() {
    // 29 kr of batteries by a 349 kr jumper: cheap at any till, but 2,900 minor units, far
    // over a till capped at 500 (5 kr) as if öre were cents.
    let shop = Catalog::from_json(
        r#"{"version": 1, "currency": "SEK", "products": [
            {"id": "jumper", "title": "Jumper", "price": 34900, "category": ["Knitwear"]},
            {"id": "batteries", "title": "Batteries", "price": 2900, "category": ["Till"], "impulse": true},
            {"id": "candle", "title": "Candle", "price": 6900, "category": ["Till"], "impulse": true}
        ]}"#,
    )
    .unwrap();
    let cart = Cart::from_ids(&shop, ["jumper"]);
    let day = Date::new(2026, 6, 1).unwrap();
    let picks = recommend(&shop, &cart, day, &Config::default());
    // The 69 kr candle is over the 50 kr till: not every kronor price is cheap.
    assert_eq!(ids(&picks), ["batteries"]);
    // A shop's own cap still rules.
    let own = Config {
        impulse_max_price: Some(Money(2000)),
        ..Config::default()
    };
    assert!(recommend(&shop, &cart, day, &own).is_empty());
}

#[test]
fn a_till_of_thousands_is_read_from_its_cheapest_items() {
    // 300 impulse products, each on its own shelf: 100 dear ones first in the feed, then 200
    // cheap ones. The dear ones are never read, so one cart costs the same however many
    // products a shop flags.
    let mut products = vec![r#"{"id": "coat", "title": "Coat", "price": 90000}"#.to_owned()];
    for n in 0..300 {
        let price = if n < 100 { 5000 + n } else { n };
        products.push(format!(
            r#"{{"id": "till-{n:03}", "title": "Till {n}", "price": {price}, "category": ["Till", "Shelf {n}"], "impulse": true}}"#
        ));
    }
    let feed = format!(
        r#"{{"version": 1, "currency": "EUR", "products": [{}]}}"#,
        products.join(",")
    );
    let catalog = Catalog::from_json(&feed).expect("a valid feed");
    let config = Config {
        max_items: 300,
        relevance_only: true,
        ..Config::default()
    };
    let cart = Cart::from_ids(&catalog, ["coat"]);
    let picks = recommend(&catalog, &cart, Date::new(2026, 6, 1).unwrap(), &config);
    assert_eq!(picks.len(), checkout_addons_engine::IMPULSE_SHORTLIST);
    assert!(
        picks.iter().all(|p| p.product_id.as_str() >= "till-100"),
        "{:?}",
        ids(&picks)
    );
    // With the price rules, those under the cap.
    let cheap = Config {
        impulse_max_price: Some(checkout_addons_engine::Money(105)),
        relevance_only: false,
        ..config
    };
    let picks = recommend(&catalog, &cart, Date::new(2026, 6, 1).unwrap(), &cheap);
    assert_eq!(
        ids(&picks),
        ["till-100", "till-101", "till-102", "till-103", "till-104", "till-105"]
    );
}

#[test]
fn the_shops_own_complements_rank_above_the_till() {
    let picks = picks_for(&["suede-shoes"], "2026-06-01", &Config::default());
    assert_eq!(picks.len(), 3);
    assert_eq!(
        picks[0].reason,
        Reason::ComplementOf {
            product_id: "suede-shoes".into()
        }
    );
}

#[test]
fn no_two_from_the_same_shelf_unless_nothing_else_fits() {
    // Brush and spray share the "Brushes" leaf: only one of them makes the top three.
    let picks = picks_for(&["suede-shoes"], "2026-06-01", &Config::default());
    let care = ids(&picks).iter().filter(|id| id.starts_with("suede-")).count();
    assert_eq!(care, 1, "{picks:?}");
    // With room for everything, the second one comes back.
    let all = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    assert!(ids(&all).contains(&"suede-brush") && ids(&all).contains(&"suede-spray"));
}

#[test]
fn of_two_cart_items_with_upgrades_only_one_is_offered_by_default() {
    let catalog = Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "shoes", "title": "Shoes", "price": 12000},
        {"id": "shoes-pro", "title": "Shoes Pro", "price": 15000},
        {"id": "bag", "title": "Bag", "price": 8000},
        {"id": "bag-pro", "title": "Bag Pro", "price": 9000}
      ],
      "upgrades": [{"from": "shoes", "to": "shoes-pro"}, {"from": "bag", "to": "bag-pro"}]
    }"#,
    )
    .unwrap();
    let cart = Cart::from_ids(&catalog, ["shoes", "bag"]);
    let picks = recommend(&catalog, &cart, "2026-06-01".parse().unwrap(), &everything());
    let upsells = picks
        .iter()
        .filter(|r| matches!(r.reason, Reason::UpgradeOf { .. }))
        .count();
    assert_eq!(upsells, 1, "{picks:?}");
    // Each would be offered: the one place is the default's, not a lack of upgrades.
    let two = Config {
        max_upsells: 2,
        ..everything()
    };
    let picks = recommend(&catalog, &cart, "2026-06-01".parse().unwrap(), &two);
    assert_eq!(
        picks
            .iter()
            .filter(|r| matches!(r.reason, Reason::UpgradeOf { .. }))
            .count(),
        2
    );
}

#[test]
fn at_most_one_upsell_and_it_says_what_it_replaces() {
    let all = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    let upsells: Vec<_> = all
        .iter()
        .filter(|r| matches!(r.reason, Reason::UpgradeOf { .. }))
        .collect();
    assert_eq!(upsells.len(), 1);
    assert_eq!(
        upsells[0].reason,
        Reason::UpgradeOf {
            product_id: "suede-shoes".into()
        }
    );
    let none = picks_for(
        &["suede-shoes"],
        "2026-06-01",
        &Config {
            max_upsells: 0,
            ..everything()
        },
    );
    assert!(none.iter().all(|r| !matches!(r.reason, Reason::UpgradeOf { .. })));
}

#[test]
fn mined_neighbours_count_as_evidence() {
    let all = picks_for(&["suede-shoes"], "2026-06-01", &everything());
    let socks = all
        .iter()
        .find(|r| r.product_id == "socks")
        .expect("socks are bought with shoes");
    assert_eq!(
        socks.reason,
        Reason::BoughtTogether {
            product_id: "suede-shoes".into()
        }
    );
}

#[test]
fn an_empty_cart_gets_nothing() {
    assert!(picks_for(&[], "2026-06-01", &Config::default()).is_empty());
}

#[test]
fn a_cart_of_products_the_feed_lacks_still_gets_the_till_cheap_next_to_the_pages_price() {
    let catalog = shop();
    let june = "2026-06-01".parse().unwrap();
    // Unpriced: nothing says what the cart costs, so the €5 cap alone holds.
    let cart = Cart::from_ids(&catalog, ["new-boots"]);
    assert_eq!(cart.unknown_ids(), ["new-boots"]);
    let picks = recommend(&catalog, &cart, june, &Config::default());
    assert_eq!(ids(&picks), ["old-laces", "batteries"], "clearance first");
    // The page says €10 a pair: 10% of €20 leaves the €1.50 laces, not the €3.99 batteries.
    let two = CartLine {
        quantity: 2,
        price: Some(Money(1000)),
        ..CartLine::one("new-boots")
    };
    let picks = recommend(
        &catalog,
        &Cart::from_lines(&catalog, [two]),
        june,
        &Config::default(),
    );
    assert_eq!(ids(&picks), ["old-laces"]);
    assert_eq!(picks[0].reason, Reason::Clearance);
}

#[test]
fn the_same_cart_always_gets_the_same_answer() {
    let first = picks_for(&["suede-shoes", "mouse"], "2026-11-23", &everything());
    for _ in 0..20 {
        assert_eq!(
            picks_for(&["suede-shoes", "mouse"], "2026-11-23", &everything()),
            first
        );
    }
}

/// A new product has no statistics of its own yet; its category's mined ones stand in.
#[test]
fn a_product_without_statistics_borrows_its_categorys() {
    let catalog = Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "new-grinder", "title": "New grinder", "price": 6000, "category": ["Coffee", "Grinders"]},
        {"id": "old-grinder", "title": "Old grinder", "price": 6000, "category": ["Coffee", "Grinders"]},
        {"id": "beans", "title": "Beans", "price": 900, "category": ["Coffee", "Beans"]},
        {"id": "filters", "title": "Filters", "price": 300, "category": ["Coffee", "Filters"]}
      ],
      "category_complements": [
        {"from": ["Coffee", "Grinders"], "to": ["Coffee", "Beans"], "count": 80, "confidence": 0.4, "lift": 3.0}
      ],
      "copurchase": {"old-grinder": [{"with": "filters", "count": 50, "confidence": 0.3, "lift": 2.0}]}
    }"#,
    )
    .unwrap();
    let fresh = june_picks(&catalog, "new-grinder");
    assert_eq!(ids(&fresh), ["beans"]);
    assert_eq!(
        fresh[0].reason,
        Reason::ComplementOf {
            product_id: "new-grinder".into()
        }
    );
    // A product with its own statistics is not second-guessed by its category's.
    assert_eq!(ids(&june_picks(&catalog, "old-grinder")), ["filters"]);
}

/// A category complement offers products the shop has said nothing more about: its own feed
/// order, where it puts what it pushes, ranks them, not their ids.
#[test]
fn a_categorys_products_come_in_the_shops_feed_order() {
    let catalog = Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "grinder", "title": "Grinder", "price": 6000, "category": ["Coffee", "Grinders"]},
        {"id": "house-blend", "title": "House blend", "price": 900, "category": ["Coffee", "Beans"]},
        {"id": "decaf", "title": "Decaf", "price": 900, "category": ["Coffee", "Beans"]},
        {"id": "arabica", "title": "Arabica", "price": 900, "category": ["Coffee", "Beans"]}
      ],
      "category_complements": [{"from": ["Coffee", "Grinders"], "to": ["Coffee", "Beans"]}]
    }"#,
    )
    .unwrap();
    assert_eq!(
        ids(&june_picks(&catalog, "grinder")),
        ["house-blend", "decaf", "arabica"]
    );
}

#[test]
fn a_complement_the_order_history_confirms_outranks_one_it_does_not() {
    let catalog = Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "grinder", "title": "Grinder", "price": 6000, "category": ["Coffee", "Grinders"]},
        {"id": "beans", "title": "Beans", "price": 900, "category": ["Coffee", "Beans"]},
        {"id": "a-brush", "title": "Brush", "price": 400, "category": ["Coffee", "Care"]}
      ],
      "complements": [{"from": "grinder", "to": "a-brush"}, {"from": "grinder", "to": "beans"}],
      "copurchase": {"grinder": [{"with": "beans", "count": 60, "confidence": 0.5, "lift": 3.0}]}
    }"#,
    )
    .unwrap();
    let picks = june_picks(&catalog, "grinder");
    // Without blending the two complements would tie, and "a-brush" would lead by its id.
    assert_eq!(ids(&picks), ["beans", "a-brush"]);
    assert!(picks[0].score > picks[1].score + 0.3, "{picks:?}");
    assert_eq!(
        picks[0].reason,
        Reason::ComplementOf {
            product_id: "grinder".into()
        }
    );
}

/// A shop where a kettle has two mined neighbours; `neighbours` is their JSON.
fn kettle_shop(neighbours: &str) -> Catalog {
    Catalog::from_json(&format!(
        r#"{{"version": 1, "currency": "EUR", "products": [
          {{"id": "kettle", "title": "Kettle", "price": 4000, "category": ["Kitchen"]}},
          {{"id": "tea", "title": "Tea", "price": 400, "category": ["Tea"]}},
          {{"id": "descaler", "title": "Descaler", "price": 500, "category": ["Care"]}}],
          "copurchase": {{"kettle": {neighbours}}}}}"#
    ))
    .unwrap()
}

fn kettle_picks(catalog: &Catalog) -> Vec<Recommendation> {
    let cart = Cart::from_ids(catalog, ["kettle"]);
    recommend(
        catalog,
        &cart,
        Date::new(2026, 11, 23).unwrap(),
        &Config::default(),
    )
}

#[test]
fn what_shoppers_add_after_the_cart_item_outranks_what_they_had_before() {
    // Equally often together, but tea is mostly added after the kettle, descaler before it
    // (on equal scores descaler would come first, by id).
    let catalog = kettle_shop(
        r#"[{"with": "descaler", "count": 100, "confidence": 0.5, "lift": 2.0, "after": 10},
            {"with": "tea", "count": 100, "confidence": 0.5, "lift": 2.0, "after": 90}]"#,
    );
    assert_eq!(ids(&kettle_picks(&catalog)), ["tea", "descaler"]);
}

#[test]
fn a_few_orders_prove_less_than_many() {
    // Tea: 2 of 2 kettle orders. Descaler: 100 of 200. Both are bought by 5% of all shoppers.
    let catalog = kettle_shop(
        r#"[{"with": "tea", "count": 2, "confidence": 1.0, "lift": 20.0},
            {"with": "descaler", "count": 100, "confidence": 0.5, "lift": 10.0}]"#,
    );
    let picks = kettle_picks(&catalog);
    assert_eq!(ids(&picks), ["descaler", "tea"]);
    assert!(picks[1].score > 1.0, "two orders still count for something");
}

#[test]
fn without_line_order_all_orders_together_count() {
    let with_order =
        kettle_shop(r#"[{"with": "tea", "count": 50, "confidence": 0.5, "lift": 2.0, "after": 50}]"#);
    let without = kettle_shop(r#"[{"with": "tea", "count": 50, "confidence": 0.5, "lift": 2.0}]"#);
    assert_eq!(
        kettle_picks(&with_order)[0].score,
        kettle_picks(&without)[0].score
    );
}

#[test]
fn a_product_the_shopper_passed_over_makes_room_for_the_next() {
    let catalog = shop();
    let date = "2026-11-23".parse::<Date>().unwrap();
    let config = everything();
    let cart = Cart::from_ids(&catalog, ["suede-shoes"]);
    let before = recommend(&catalog, &cart, date, &config);
    assert!(before.len() >= 2, "{:?}", ids(&before));
    let declined = before[0].product_id.clone();
    let after = recommend(
        &catalog,
        &cart.with_passed_over(&catalog, [declined.as_str(), "no-such-id"]),
        date,
        &config,
    );
    assert!(!ids(&after).contains(&declined.as_str()), "{:?}", ids(&after));
    assert_eq!(ids(&after)[0], ids(&before)[1], "the next one moves up");
}

/// A gift shop's series: a jumbo bag, its lunch bag and cup by title, and a candle bought with
/// the jumbo bag.
fn series_shop() -> Catalog {
    Catalog::from_json(
        r#"{
      "version": 1, "currency": "GBP",
      "products": [
        {"id": "jumbo", "title": "Jumbo bag red retrospot", "price": 250},
        {"id": "lunch", "title": "Lunch bag red retrospot", "price": 200},
        {"id": "cup", "title": "Red retrospot cup", "price": 150},
        {"id": "candle", "title": "Candle", "price": 200}
      ],
      "copurchase": {"jumbo": [
        {"with": "candle", "count": 15, "confidence": 0.15, "lift": 1.5},
        {"with": "cup", "count": 8, "confidence": 0.08, "lift": 1.5}
      ]},
      "similar": {"jumbo": [{"with": "lunch", "similarity": 0.6}, {"with": "cup", "similarity": 0.4}]},
      "mined": {"orders": 1000}
    }"#,
    )
    .unwrap()
}

#[test]
fn a_piece_of_the_same_series_is_offered_as_matching_the_cart_item() {
    let picks = june_picks(&series_shop(), "jumbo");
    // The cup has both links, summed, and leads; the lunch bag has only its title, and says
    // so; the candle only its orders with the bag, which weigh less than the title here.
    assert_eq!(ids(&picks), ["cup", "lunch", "candle"]);
    let jumbo = || "jumbo".to_owned();
    assert_eq!(picks[0].reason, Reason::BoughtTogether { product_id: jumbo() });
    assert_eq!(picks[1].reason, Reason::Matches { product_id: jumbo() });
    assert_eq!(picks[2].reason, Reason::BoughtTogether { product_id: jumbo() });
}

#[test]
fn a_series_piece_keeps_the_price_rules() {
    // Dearer than the whole cart: not offered, however alike the titles.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "GBP", "products": [
        {"id": "cup", "title": "Red retrospot cup", "price": 150},
        {"id": "jumbo", "title": "Jumbo bag red retrospot", "price": 250}],
        "similar": {"cup": [{"with": "jumbo", "similarity": 0.4}]}}"#,
    )
    .unwrap();
    let picks = june_picks(&catalog, "cup");
    assert!(picks.is_empty(), "{picks:?}");
}

/// A gift shop's history: tea towels and oven gloves (one shelf) are bought with aprons, and
/// its best-sellers are the candle (in season all year, and on clearance), the mug, the tea
/// towel and a lamp (dearer than most carts). The new notebook has no orders yet.
const GIFT_SHOP: &str = r#"{
  "version": 1, "currency": "GBP",
  "products": [
    {"id": "apron", "title": "Apron", "price": 800, "category": ["Kitchen", "Aprons"]},
    {"id": "tea-towel", "title": "Tea towel", "price": 300, "category": ["Kitchen", "Textiles"]},
    {"id": "oven-glove", "title": "Oven glove", "price": 450, "category": ["Kitchen", "Textiles"]},
    {"id": "candle", "title": "Candle", "price": 250, "category": ["Home", "Candles"],
     "seasons": [{"from": 1, "to": 12}], "clearance": true},
    {"id": "mug", "title": "Mug", "price": 400, "category": ["Kitchen", "Mugs"]},
    {"id": "lamp", "title": "Lamp", "price": 4500, "category": ["Home", "Lamps"]},
    {"id": "new-notebook", "title": "Notebook", "price": 500, "category": ["Paper", "Notebooks"]}
  ],
  "copurchase": {"apron": [
    {"with": "tea-towel", "count": 30, "confidence": 0.3, "lift": 2.0},
    {"with": "oven-glove", "count": 20, "confidence": 0.2, "lift": 2.0}
  ]},
  "mined": {"orders": 1000},
  "bestsellers": ["candle", "mug", "tea-towel", "lamp"]
}"#;

#[test]
fn a_product_without_orders_gets_the_shops_bestsellers_best_first_within_the_price_rules() {
    let catalog = Catalog::from_json(GIFT_SHOP).unwrap();
    let picks = june_picks(&catalog, "new-notebook");
    // The £45 lamp would outshine a £5 cart.
    assert_eq!(ids(&picks), ["candle", "mug", "tea-towel"]);
    assert!(picks.iter().all(|p| p.reason == Reason::Bestseller));
    // Never what the cart holds; and the lamp, a main item (ten times the typical £4.50),
    // never next to cheaper things, however many.
    let cart = Cart::from_lines(
        &catalog,
        [
            CartLine::one("new-notebook"),
            CartLine {
                quantity: 20,
                ..CartLine::one("candle")
            },
        ],
    );
    let picks = recommend(&catalog, &cart, "2026-06-01".parse().unwrap(), &Config::default());
    assert_eq!(ids(&picks), ["mug", "tea-towel"]);
    // Measuring relevance alone, without the price rules, it comes.
    let relevance_only = Config {
        relevance_only: true,
        ..Config::default()
    };
    let picks = recommend(&catalog, &cart, "2026-06-01".parse().unwrap(), &relevance_only);
    assert_eq!(ids(&picks), ["mug", "tea-towel", "lamp"]);
}

#[test]
fn bestsellers_only_fill_the_places_the_carts_own_links_leave() {
    let catalog = Catalog::from_json(GIFT_SHOP).unwrap();
    let picks = june_picks(&catalog, "apron");
    // Its two neighbours first, with their reasons, the oven glove too though it shares the tea
    // towel's shelf: the candle's category of its own, its season and its clearance do not
    // put it before them. The third place is the best-seller's.
    assert_eq!(ids(&picks), ["tea-towel", "oven-glove", "candle"]);
    assert!(matches!(picks[0].reason, Reason::BoughtTogether { .. }));
    assert!(matches!(picks[1].reason, Reason::BoughtTogether { .. }));
    assert_eq!(picks[2].reason, Reason::Bestseller);
    // The tea towel, a best-seller too, is not raised by being one.
    let without =
        Catalog::from_json(&GIFT_SHOP.replace(r#""candle", "mug", "tea-towel", "lamp""#, "")).unwrap();
    assert_eq!(june_picks(&without, "apron")[..2], picks[..2]);
}

#[test]
fn a_links_mined_strength_ranks_it_where_its_counts_would_tie() {
    // The same counts both ways; the tea towel was bought with aprons in small baskets, the
    // oven glove in a trade buyer's big ones, and mining measured that.
    let feed = |towel: &str, glove: &str| {
        format!(
            r#"{{"version": 1, "currency": "GBP", "products": [
              {{"id": "apron", "title": "Apron", "price": 800}},
              {{"id": "tea-towel", "title": "Tea towel", "price": 300}},
              {{"id": "oven-glove", "title": "Oven glove", "price": 300}}],
            "copurchase": {{"apron": [
              {{"with": "oven-glove", "count": 30, "confidence": 0.3, "lift": 2.0{glove}}},
              {{"with": "tea-towel", "count": 30, "confidence": 0.3, "lift": 2.0{towel}}}]}},
            "mined": {{"orders": 1000}}}}"#
        )
    };
    let counts_only = Catalog::from_json(&feed("", "")).unwrap();
    assert_eq!(
        ids(&june_picks(&counts_only, "apron")),
        ["oven-glove", "tea-towel"],
        "a tie, by id"
    );
    let mined = Catalog::from_json(&feed(r#", "strength": 0.4"#, r#", "strength": 0.1"#)).unwrap();
    let picks = june_picks(&mined, "apron");
    assert_eq!(ids(&picks), ["tea-towel", "oven-glove"]);
    assert!(picks[0].score > picks[1].score);
}
