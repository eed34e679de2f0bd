//! Price rules that fit the cart, and order-history evidence that fits the whole cart: as a
//! shop owner would describe them.

use checkout_addons_engine::{recommend, Cart, CartLine, Catalog, Config, Date, Recommendation};

fn ids(picks: &[Recommendation]) -> Vec<&str> {
    picks.iter().map(|r| r.product_id.as_str()).collect()
}

fn picks(catalog: &Catalog, cart: Cart) -> Vec<Recommendation> {
    recommend(catalog, &cart, Date::new(2026, 6, 1).unwrap(), &Config::default())
}

/// A gift shop where everything costs £1-£4, mined from 1,000 orders.
fn gift_shop() -> Catalog {
    Catalog::from_json(
        r#"{"version": 1, "currency": "GBP", "products": [
          {"id": "holder", "title": "Hanging heart T-light holder", "price": 255},
          {"id": "t-lights", "title": "T-lights, 24", "price": 125},
          {"id": "lantern", "title": "White metal lantern", "price": 339},
          {"id": "bunting", "title": "Party bunting", "price": 165},
          {"id": "jam-set", "title": "Jam making set", "price": 425}],
          "copurchase": {"holder": [
            {"with": "lantern", "count": 60, "confidence": 0.3, "lift": 3.0},
            {"with": "t-lights", "count": 40, "confidence": 0.2, "lift": 2.0},
            {"with": "bunting", "count": 20, "confidence": 0.1, "lift": 1.0}]},
          "mined": {"orders": 1000}}"#,
    )
    .unwrap()
}

#[test]
fn in_a_shop_of_cheap_gifts_the_share_rule_does_not_hide_every_add_on() {
    // T-lights cost half the holder: far above a 25% accessory share, yet a fair add-on
    // between ordinary items of this shop.
    let catalog = gift_shop();
    assert_eq!(catalog.typical_price().minor(), 255);
    let one = picks(&catalog, Cart::from_ids(&catalog, ["holder"]));
    assert_eq!(
        ids(&one),
        ["t-lights", "bunting"],
        "the lantern costs more than the whole cart"
    );
    let two = CartLine {
        quantity: 2,
        ..CartLine::one("holder")
    };
    let two = picks(&catalog, Cart::from_lines(&catalog, [two]));
    assert_eq!(
        ids(&two),
        ["lantern", "t-lights", "bunting"],
        "next to two holders it does not"
    );
}

#[test]
fn a_cart_cheaper_than_everything_it_goes_with_gets_the_shops_ordinary_things() {
    // A 19p greeting card alone: nothing it goes with costs less, so the cart's own cap would
    // leave it empty. Then a £2.10 candle or a £2.20 bag, what this shop typically sells (its
    // median price, £2.20), may go with it; the £3.39 lantern is dearer than that, and the £12
    // mirror is a main item.
    let shop = |card_links: &str| {
        Catalog::from_json(&format!(
            r#"{{"version": 1, "currency": "GBP", "products": [
              {{"id": "card", "title": "Greeting card", "price": 19}},
              {{"id": "pin", "title": "Pin", "price": 15}},
              {{"id": "candle", "title": "Candle", "price": 210}},
              {{"id": "bag", "title": "Gift bag", "price": 220}},
              {{"id": "mug", "title": "Mug", "price": 250}},
              {{"id": "lantern", "title": "Lantern", "price": 339}},
              {{"id": "mirror", "title": "Mirror", "price": 1200}}],
              "copurchase": {{"card": [{card_links}
                {{"with": "mirror", "count": 90, "confidence": 0.4, "lift": 3.0}},
                {{"with": "lantern", "count": 80, "confidence": 0.35, "lift": 3.0}},
                {{"with": "candle", "count": 60, "confidence": 0.3, "lift": 3.0}},
                {{"with": "bag", "count": 40, "confidence": 0.2, "lift": 2.0}}]}},
              "mined": {{"orders": 1000}}}}"#
        ))
        .unwrap()
    };
    let catalog = shop("");
    assert_eq!(catalog.typical_price().minor(), 220);
    assert_eq!(
        ids(&picks(&catalog, Cart::from_ids(&catalog, ["card"]))),
        ["candle", "bag"]
    );
    // With a 15p pin that goes with it, the brief's rule stands: nothing outshines the cart.
    let catalog = shop(r#"{"with": "pin", "count": 10, "confidence": 0.05, "lift": 1.0},"#);
    assert_eq!(ids(&picks(&catalog, Cart::from_ids(&catalog, ["card"]))), ["pin"]);
    // A cart past the typical price is its own cap: beside the mirror, the lantern fits.
    let with_mirror = picks(&catalog, Cart::from_ids(&catalog, ["card", "mirror"]));
    assert_eq!(ids(&with_mirror), ["lantern", "candle", "bag"]);
}

/// A computer shop: accessories around €25, one laptop; 5,000 orders mined.
fn computer_shop() -> Catalog {
    Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "laptop", "title": "Laptop", "price": 99900},
          {"id": "monitor", "title": "Monitor", "price": 30000},
          {"id": "dock", "title": "Dock", "price": 26000},
          {"id": "mouse", "title": "Mouse", "price": 2500},
          {"id": "sleeve", "title": "Sleeve", "price": 3000},
          {"id": "cable", "title": "USB-C cable", "price": 1500},
          {"id": "stand", "title": "Stand", "price": 2000}],
          "copurchase": {"laptop": [
            {"with": "monitor", "count": 300, "confidence": 0.3, "lift": 3.0},
            {"with": "dock", "count": 250, "confidence": 0.25, "lift": 3.0},
            {"with": "mouse", "count": 100, "confidence": 0.1, "lift": 1.0},
            {"with": "sleeve", "count": 80, "confidence": 0.08, "lift": 1.0},
            {"with": "cable", "count": 60, "confidence": 0.06, "lift": 1.0}]},
          "mined": {"orders": 5000}}"#,
    )
    .unwrap()
}

#[test]
fn a_main_item_gets_accessories_and_the_next_best_fill_the_places() {
    // The laptop costs far more than the shop's typical €30: it is a main item. The monitor
    // and dock are bought with it most, but cost more than 25% of it; the next three fill in.
    let catalog = computer_shop();
    let laptop = picks(&catalog, Cart::from_ids(&catalog, ["laptop"]));
    assert_eq!(ids(&laptop), ["mouse", "sleeve", "cable"]);
    let relevance_only = Config {
        relevance_only: true,
        ..Config::default()
    };
    let cart = Cart::from_ids(&catalog, ["laptop"]);
    let unruled = recommend(&catalog, &cart, Date::new(2026, 6, 1).unwrap(), &relevance_only);
    assert_eq!(ids(&unruled), ["monitor", "dock", "mouse"]);
}

/// An Italian deli: pasta, sauce, and what goes with them, from 2,000 orders.
fn deli(wine_with_pasta: u32) -> Catalog {
    Catalog::from_json(&format!(
        r#"{{"version": 1, "currency": "EUR", "products": [
          {{"id": "pasta", "title": "Pasta", "price": 500}},
          {{"id": "sauce", "title": "Sauce", "price": 450}},
          {{"id": "parmesan", "title": "Parmesan", "price": 350}},
          {{"id": "wine", "title": "Wine", "price": 380}}],
          "copurchase": {{
            "pasta": [{{"with": "wine", "count": {wine_with_pasta}, "confidence": {}, "lift": 2.0}},
                      {{"with": "parmesan", "count": 50, "confidence": 0.125, "lift": 2.5}}],
            "sauce": [{{"with": "parmesan", "count": 50, "confidence": 0.0625, "lift": 1.25}}]}},
          "mined": {{"orders": 2000}}}}"#,
        f64::from(wine_with_pasta) / 400.0
    ))
    .unwrap()
}

#[test]
fn evidence_from_every_cart_item_adds_up() {
    // Wine goes with pasta more strongly than parmesan does, and parmesan goes with the sauce
    // more weakly still; but for a cart of both, parmesan's two links together come first.
    let catalog = deli(70);
    let pasta = picks(&catalog, Cart::from_ids(&catalog, ["pasta"]));
    assert_eq!(ids(&pasta), ["wine", "parmesan"]);
    let both = picks(&catalog, Cart::from_ids(&catalog, ["pasta", "sauce"]));
    assert_eq!(ids(&both), ["parmesan", "wine"]);
}

#[test]
fn what_everyone_buys_anyway_counts_for_less() {
    // Tea and descaler are each in 100 of the kettle's 200 orders, but tea is in half of all
    // the shop's orders and descaler in few: descaler says more about kettles.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "kettle", "title": "Kettle", "price": 4000},
          {"id": "tea", "title": "Tea", "price": 400},
          {"id": "descaler", "title": "Descaler", "price": 500}],
          "copurchase": {"kettle": [
            {"with": "tea", "count": 100, "confidence": 0.5, "lift": 1.0},
            {"with": "descaler", "count": 100, "confidence": 0.5, "lift": 10.0}]},
          "mined": {"orders": 4000}}"#,
    )
    .unwrap();
    assert_eq!(
        ids(&picks(&catalog, Cart::from_ids(&catalog, ["kettle"]))),
        ["descaler", "tea"]
    );
}

/// A phone shop: cases and cables around €20, phones at €800; the case is bought with the
/// phone in many orders, so the mined link runs both ways.
fn phone_shop() -> Catalog {
    Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "phone", "title": "Phone", "price": 80000},
          {"id": "case", "title": "Case", "price": 2000},
          {"id": "cable", "title": "Cable", "price": 1500},
          {"id": "charger", "title": "Charger", "price": 2500},
          {"id": "strap", "title": "Strap", "price": 1200},
          {"id": "tv", "title": "TV", "price": 120000},
          {"id": "kids-shoes", "title": "Shoes", "price": 45000,
           "variants": [{"id": "kids", "title": "Kids", "price": 3000, "available": false},
                        {"id": "adult", "title": "Adult", "price": 45000, "available": true}]},
          {"id": "boots", "title": "Boots", "price": 40000},
          {"id": "laces", "title": "Laces", "price": 400},
          {"id": "sample", "title": "Grand piano (price on request)", "price": 0}],
          "copurchase": {"case": [
            {"with": "phone", "count": 300, "confidence": 0.6, "lift": 3.0},
            {"with": "cable", "count": 100, "confidence": 0.2, "lift": 2.0},
            {"with": "sample", "count": 90, "confidence": 0.2, "lift": 2.0}],
            "kids-shoes": [
            {"with": "boots", "count": 50, "confidence": 0.3, "lift": 3.0},
            {"with": "laces", "count": 40, "confidence": 0.2, "lift": 2.0}]},
          "bundles": [{"id": "walk", "products": ["kids-shoes", "boots"], "saving": 5000}],
          "mined": {"orders": 5000}}"#,
    )
    .unwrap()
}

#[test]
fn never_the_phone_for_the_case_even_beside_a_dearer_item() {
    // The TV makes the cart dear enough for a phone, but the phone would be the case's add-on:
    // a main item is never offered for a cheaper cart item.
    let catalog = phone_shop();
    let shown = picks(&catalog, Cart::from_ids(&catalog, ["case", "tv"]));
    assert!(!ids(&shown).contains(&"phone"), "{:?}", ids(&shown));
    assert!(ids(&shown).contains(&"cable"), "{:?}", ids(&shown));
}

#[test]
fn the_price_rules_measure_the_variant_in_the_cart_not_the_cheapest_one_sold() {
    // The shopper holds the last €30 kids' pair (beside a TV); the shop still sells the €450
    // adult one. The €400 boots of the shoes' bundle are no add-on for a €30 pair.
    let catalog = phone_shop();
    let kids = picks(&catalog, Cart::from_ids(&catalog, ["kids", "tv"]));
    assert!(!ids(&kids).contains(&"boots"), "{:?}", ids(&kids));
    assert!(ids(&kids).contains(&"laces"), "{:?}", ids(&kids));
    let adult = picks(&catalog, Cart::from_ids(&catalog, ["adult", "tv"]));
    assert!(ids(&adult).contains(&"boots"), "{:?}", ids(&adult));
}

#[test]
fn a_product_priced_0_in_a_priced_shop_is_a_placeholder_never_an_add_on() {
    let catalog = phone_shop();
    let shown = picks(&catalog, Cart::from_ids(&catalog, ["case"]));
    assert!(!ids(&shown).contains(&"sample"), "{:?}", ids(&shown));
}

/// A camera shop with two bundles: camera, bag and memory card save €15 together; camera and
/// strap save nothing.
fn camera_shop() -> Catalog {
    Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "camera", "title": "Camera", "price": 50000},
          {"id": "bag", "title": "Bag", "price": 4000},
          {"id": "card", "title": "Memory card", "price": 2000},
          {"id": "strap", "title": "Strap", "price": 1500}],
          "bundles": [
            {"id": "kit", "products": ["camera", "bag", "card"], "saving": 1500},
            {"id": "nosave", "products": ["camera", "strap"], "saving": 0}]}"#,
    )
    .unwrap()
}

#[test]
fn a_bundle_saving_is_offered_only_by_the_add_that_completes_it() {
    let catalog = camera_shop();
    let saving = |cart: &[&str]| -> Vec<String> {
        picks(&catalog, Cart::from_ids(&catalog, cart))
            .iter()
            .filter(|p| matches!(p.reason, checkout_addons_engine::Reason::BundleSaving { .. }))
            .map(|p| p.product_id.clone())
            .collect()
    };
    // With the camera alone, neither the bag nor the card brings the €15: no saving claimed,
    // and a bundle that saves nothing is no saving either.
    assert!(saving(&["camera"]).is_empty(), "{:?}", saving(&["camera"]));
    // With the camera and the bag, the card completes the bundle.
    assert_eq!(saving(&["camera", "bag"]), ["card"]);
}

#[test]
fn two_variants_of_one_product_in_the_cart_are_judged_the_same_whatever_their_order() {
    let catalog = phone_shop();
    let one_way = picks(&catalog, Cart::from_ids(&catalog, ["adult", "kids", "tv"]));
    let other_way = picks(&catalog, Cart::from_ids(&catalog, ["kids", "adult", "tv"]));
    assert_eq!(ids(&one_way), ids(&other_way));
    assert!(ids(&one_way).contains(&"boots"), "{:?}", ids(&one_way));
}

#[test]
fn a_saving_of_the_bundle_s_whole_price_or_more_is_never_claimed() {
    // A mug and beans that "save" €50 together, where both cost €36.90: a slip of the feed.
    let catalog = |saving: u32| {
        Catalog::from_json(&format!(
            r#"{{"version": 1, "currency": "EUR", "products": [
              {{"id": "mug", "title": "Travel mug", "price": 2495}},
              {{"id": "beans", "title": "Beans", "price": 1195}}],
              "bundles": [{{"id": "set", "products": ["mug", "beans"], "saving": {saving}}}]}}"#
        ))
        .unwrap()
    };
    let claimed = |saving| {
        let catalog = catalog(saving);
        ids(&picks(&catalog, Cart::from_ids(&catalog, ["mug"])))
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(claimed(500), ["beans"]);
    assert!(claimed(5000).is_empty(), "{:?}", claimed(5000));
    assert!(claimed(3690).is_empty(), "the whole price is no saving either");
}

#[test]
fn a_bundle_that_lists_a_product_twice_still_completes_with_it() {
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "pot", "title": "Tea pot", "price": 3000},
          {"id": "tea", "title": "Tea", "price": 800}],
          "bundles": [{"id": "set", "products": ["pot", "tea", "tea"], "saving": 300}]}"#,
    )
    .unwrap();
    assert_eq!(ids(&picks(&catalog, Cart::from_ids(&catalog, ["pot"]))), ["tea"]);
}

#[test]
fn a_bundle_never_offers_more_than_the_cart_item_it_completes() {
    // A desk and a mouse in the cart: the share of the cart would allow the laptop, but a
    // laptop for a mouse is the main product for an accessory, saving or not.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "desk", "title": "Desk", "price": 200000},
          {"id": "mouse", "title": "Mouse", "price": 2500},
          {"id": "dock", "title": "Docking station", "price": 110000},
          {"id": "laptop", "title": "Laptop", "price": 99900,
           "variants": [{"id": "laptop-16", "price": 99900}, {"id": "laptop-32", "price": 129900}]}],
          "bundles": [{"id": "office", "products": ["laptop", "mouse"], "saving": 2000},
                      {"id": "desk-setup", "products": ["laptop", "dock"], "saving": 5000}]}"#,
    )
    .unwrap();
    let bundle_picks = |cart: &[&str]| ids(&picks(&catalog, Cart::from_ids(&catalog, cart))).join(" ");
    assert_eq!(bundle_picks(&["desk", "mouse"]), "");
    // The dock costs more than the 16 GB laptop but less than the 32 GB one the cart holds:
    // the rule weighs the variant in the cart, not the product's cheapest.
    assert_eq!(bundle_picks(&["laptop-16"]), "mouse");
    assert_eq!(bundle_picks(&["laptop-32"]), "dock mouse");
}

/// A shop of shoes, where the main products are the shop's typical price: nothing costs four
/// times its median, so "main item" by the shop's prices alone catches no shoe.
fn shoe_shop() -> Catalog {
    Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "brush", "title": "Suede brush", "price": 700},
          {"id": "spray", "title": "Protector spray", "price": 900},
          {"id": "sneaker", "title": "Sneaker", "price": 12000},
          {"id": "boot", "title": "Boot", "price": 15000},
          {"id": "loafer", "title": "Loafer", "price": 16000},
          {"id": "tv", "title": "TV", "price": 60000},
          {"id": "socks", "title": "Socks", "price": 400}],
          "complements": [{"from": "brush", "to": "sneaker"}, {"from": "brush", "to": "spray"}, {"from": "brush", "to": "socks"}],
          "copurchase": {"brush": [{"with": "boot", "count": 90, "confidence": 0.4, "lift": 3.0}]},
          "mined": {"orders": 1000}}"#,
    )
    .unwrap()
}

#[test]
fn never_the_shoe_for_the_brush_in_a_shop_of_shoes() {
    let catalog = shoe_shop();
    assert_eq!(catalog.typical_price().minor(), 12000);
    // Alone, and beside a TV that makes the cart dear enough: the brush is the accessory of a
    // €120 shoe, never the other way round. The socks are a fair add-on, and the spray once
    // the cart is worth more than it.
    let alone = picks(&catalog, Cart::from_ids(&catalog, ["brush"]));
    assert_eq!(ids(&alone), ["socks"]);
    let with_tv = picks(&catalog, Cart::from_ids(&catalog, ["brush", "tv"]));
    assert_eq!(ids(&with_tv), ["socks", "spray"]);
}

#[test]
fn an_upgrade_is_dearer_than_what_it_replaces_and_still_its_kind() {
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "pan", "title": "Pan", "price": 5000},
          {"id": "pan-cheap", "title": "Basic pan", "price": 1500},
          {"id": "pan-pro", "title": "Pro pan", "price": 8900},
          {"id": "case", "title": "Case", "price": 2000},
          {"id": "phone", "title": "Phone", "price": 80000}],
          "upgrades": [{"from": "pan", "to": "pan-cheap"}, {"from": "pan", "to": "pan-pro"}, {"from": "case", "to": "phone"}]}"#,
    )
    .unwrap();
    let upgrades = |cart: &str| {
        let shown = picks(&catalog, Cart::from_ids(&catalog, [cart]));
        shown
            .iter()
            .filter(|r| matches!(r.reason, checkout_addons_engine::Reason::UpgradeOf { .. }))
            .map(|r| r.product_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(upgrades("pan"), ["pan-pro"], "not the cheaper pan");
    assert!(upgrades("case").is_empty(), "a phone is no better case");
}

#[test]
fn a_category_whose_first_products_are_sold_out_still_offers_one_in_stock() {
    // Forty-one drill bits, the first forty sold out, restricted or priced 0: the last is the
    // category complement a drill gets.
    let mut products =
        vec![r#"{"id": "drill", "title": "Drill", "price": 9900, "category": ["Tools"]}"#.to_owned()];
    for n in 0..40 {
        // Sold out, restricted, or priced 0 (a placeholder: "price on request"), twenty of
        // each kind that a scan of the first twenty had let in.
        let (price, flag) = match n {
            0..10 => (500, r#", "availability": "out_of_stock""#),
            10..20 => (500, r#", "restricted": true"#),
            _ => (0, ""),
        };
        products.push(format!(
            r#"{{"id": "bit-{n}", "title": "Bit {n}", "price": {price}, "category": ["Bits"]{flag}}}"#
        ));
    }
    products
        .push(r#"{"id": "bit-good", "title": "Good bit", "price": 600, "category": ["Bits"]}"#.to_owned());
    let catalog = Catalog::from_json(&format!(
        r#"{{"version": 1, "currency": "EUR", "products": [{}],
            "category_complements": [{{"from": ["Tools"], "to": ["Bits"]}}]}}"#,
        products.join(",")
    ))
    .unwrap();
    assert_eq!(
        ids(&picks(&catalog, Cart::from_ids(&catalog, ["drill"]))),
        ["bit-good"]
    );
}

#[test]
fn raising_the_accessory_share_never_takes_an_add_on_away() {
    // Jeans and the belt that goes with them: at a share of 300% the belt (€25) had become
    // the "main product" of the €60 jeans, as 60 is less than 300% of 25.
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "jeans", "title": "Slim jeans", "price": 6000},
          {"id": "belt", "title": "Leather belt", "price": 2500},
          {"id": "socks", "title": "Socks, 3 pairs", "price": 900}],
          "complements": [{"from": "jeans", "to": "belt"}, {"from": "jeans", "to": "socks"}]}"#,
    )
    .unwrap();
    let date = Date::new(2026, 6, 1).unwrap();
    let cart = Cart::from_ids(&catalog, ["jeans"]);
    let mut before: Vec<String> = Vec::new();
    for share in [25, 50, 100, 300, 1000] {
        let config = Config {
            cross_sell_max_share_percent: share,
            ..Config::default()
        };
        let now: Vec<String> = ids(&recommend(&catalog, &cart, date, &config))
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(
            before.iter().all(|id| now.contains(id)),
            "share {share}%: {now:?} lost some of {before:?}"
        );
        before = now;
    }
    assert_eq!(before, ["belt", "socks"]);
}
