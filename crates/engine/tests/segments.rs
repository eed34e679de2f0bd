//! Segments: what a shop knows of a shopper changes which add-ons lead, by one table
//! (docs/ranking.md); a shopper it knows nothing about gets everyone's answer.

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, History, Recommendation, Segment};

fn phone_shop(segments: &str) -> Catalog {
    Catalog::from_json(&format!(
        r#"{{
      "version": 1, "currency": "EUR",
      "products": [
        {{"id": "phone", "title": "Phone", "price": 40000, "category": ["Phones"]}},
        {{"id": "phone-pro", "title": "Phone Pro", "price": 55000, "category": ["Phones"]}},
        {{"id": "case", "title": "Case", "price": 2500, "category": ["Cases"]}},
        {{"id": "charger", "title": "Charger", "price": 3000, "category": ["Chargers"]}},
        {{"id": "earbuds", "title": "Earbuds", "price": 9000, "category": ["Audio"], "clearance": true}},
        {{"id": "cable", "title": "Cable", "price": 900, "category": ["Cables"]}},
        {{"id": "stand", "title": "Desk stand", "price": 2000, "category": ["Stands"]}}
      ],
      "complements": [{{"from": "phone", "to": "charger"}}, {{"from": "phone", "to": "earbuds"}},
                      {{"from": "case", "to": "stand"}}],
      "upgrades": [{{"from": "phone", "to": "phone-pro"}}],
      "bundles": [{{"id": "starter", "products": ["phone", "case"], "saving": 500}}],
      "copurchase": {{"phone": [{{"with": "cable", "count": 40, "confidence": 0.4, "lift": 3.0}}]}}
      {segments}
    }}"#
    ))
    .unwrap()
}

const TODAY: &str = "2026-12-01";

fn picks(catalog: &Catalog, cart: Cart) -> Vec<Recommendation> {
    let config = Config {
        max_items: 4,
        ..Config::default()
    };
    recommend(catalog, &cart, TODAY.parse::<Date>().unwrap(), &config)
}

fn ids(picks: &[Recommendation]) -> Vec<&str> {
    picks.iter().map(|r| r.product_id.as_str()).collect()
}

fn with_orders(catalog: &Catalog, orders: &str) -> Cart {
    Cart::from_ids(catalog, ["phone"]).with_history(catalog, &History::parse(orders).unwrap())
}

#[test]
fn everyone_gets_the_shops_own_relations_first() {
    let catalog = phone_shop("");
    let everyone = picks(&catalog, Cart::from_ids(&catalog, ["phone"]));
    assert_eq!(ids(&everyone), ["case", "earbuds", "charger", "cable"]);
    assert_eq!(
        picks(
            &catalog,
            Cart::from_ids(&catalog, ["phone"]).with_segment(Segment::Everyone)
        ),
        everyone
    );
}

#[test]
fn a_lapsing_customer_is_offered_the_bundle_with_its_saving_first() {
    let catalog = phone_shop("");
    // Last order in June, 160 days ago: lapsing from 120 days.
    let cart = with_orders(&catalog, r#"[{"date": "2026-06-24", "lines": ["cable"]}]"#);
    assert_eq!(cart.segment(&catalog, TODAY.parse().unwrap()), Segment::Lapsing);
    assert_eq!(ids(&picks(&catalog, cart))[0], "case");
}

#[test]
fn a_high_value_regular_gets_the_premium_upgrade_and_no_clearance() {
    let catalog = phone_shop("");
    // Orders averaging €550 in a shop whose typical price is €30 (high value from €300).
    let cart = with_orders(&catalog, r#"[{"date": "2026-11-20", "lines": ["phone-pro"]}]"#);
    assert_eq!(cart.segment(&catalog, TODAY.parse().unwrap()), Segment::HighValue);
    let offered = picks(&catalog, cart);
    // Above mined statistics, below the shop's own relations; everyone else does not see it.
    assert_eq!(ids(&offered)[..3], ["case", "charger", "phone-pro"]);
    assert!(
        !ids(&offered).contains(&"earbuds"),
        "no clearance: {:?}",
        ids(&offered)
    );
}

#[test]
fn a_frequent_shopper_with_small_baskets_gets_what_goes_with_the_cart_and_the_shop_sets_the_bar() {
    let four_small = r#"[{"date": "2026-11-01", "lines": ["cable"]}, {"date": "2026-11-08", "lines": ["cable"]},
                         {"date": "2026-11-15", "lines": ["cable"]}, {"date": "2026-11-22", "lines": ["cable"]}]"#;
    let catalog = phone_shop("");
    assert_eq!(
        with_orders(&catalog, four_small).segment(&catalog, TODAY.parse().unwrap()),
        Segment::Frequent
    );
    // A shop whose regulars order ten times before they count as frequent.
    let strict = phone_shop(r#", "segments": {"frequent_orders": 10}"#);
    assert_eq!(
        with_orders(&strict, four_small).segment(&strict, TODAY.parse().unwrap()),
        Segment::Everyone
    );
}

#[test]
fn a_new_shopper_the_shop_names_gets_cheap_low_risk_add_ons_and_no_swap() {
    let catalog = phone_shop("");
    // The €20 stand goes with a €25 case; for a first order, nothing over half the cart.
    assert_eq!(
        ids(&picks(&catalog, Cart::from_ids(&catalog, ["case"]))),
        ["stand"]
    );
    let new = Cart::from_ids(&catalog, ["case"]).with_segment(Segment::New);
    assert_eq!(ids(&picks(&catalog, new)), Vec::<&str>::new());
    // With room for every card, everyone is offered the Pro; a new shopper is not.
    let room = Config {
        max_items: 20,
        ..Config::default()
    };
    let today = TODAY.parse::<Date>().unwrap();
    let phone = Cart::from_ids(&catalog, ["phone"]);
    assert!(ids(&recommend(&catalog, &phone, today, &room)).contains(&"phone-pro"));
    let new = phone.with_segment(Segment::New);
    assert!(!ids(&recommend(&catalog, &new, today, &room)).contains(&"phone-pro"));
}

#[test]
fn a_high_value_shoppers_due_staple_is_offered_even_on_clearance() {
    let catalog = Catalog::from_json(
        r#"{
      "version": 1, "currency": "EUR",
      "products": [
        {"id": "phone", "title": "Phone", "price": 40000},
        {"id": "cleaner", "title": "Screen cleaner", "price": 900, "clearance": true, "repurchase_days": 30},
        {"id": "cable", "title": "Cable", "price": 900}
      ]
    }"#,
    )
    .unwrap();
    let cart = with_orders(
        &catalog,
        r#"[{"date": "2026-10-20", "lines": ["phone", "cleaner"]}]"#,
    );
    assert_eq!(cart.segment(&catalog, TODAY.parse().unwrap()), Segment::HighValue);
    // Clearance stock is kept from them, except what they come back for.
    assert_eq!(ids(&picks(&catalog, cart)), ["cleaner"]);
}
