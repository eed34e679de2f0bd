//! The rules no catalog, cart, date or config may break, checked on random shops.

mod shops;

use checkout_addons_engine::{recommend, Cart, Date, Reason, MAIN_ITEM_MULTIPLE};
use proptest::prelude::*;
use shops::{config, shop};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_answer_keeps_the_rules(
        catalog in shop(),
        picks_from in proptest::collection::vec((0usize..30, 0usize..3), 0..5),
        month in 1u8..=12,
        config in config(),
    ) {
        // Cart ids: products or their variants, some unknown to the catalog.
        let ids: Vec<String> = picks_from
            .iter()
            .map(|&(p, v)| if v == 0 { format!("p{p}") } else { format!("p{p}-v{}", v - 1) })
            .collect();
        let cart = Cart::from_ids(&catalog, &ids);
        let date = Date::new(2026, month, 15).unwrap();
        let picks = recommend(&catalog, &cart, date, &config);

        prop_assert!(picks.len() <= config.max_items, "more than max_items");
        let upsells = picks.iter().filter(|p| matches!(p.reason, Reason::UpgradeOf { .. })).count();
        prop_assert!(upsells <= config.max_upsells);
        let in_cart: Vec<&str> = ids.iter().filter_map(|id| catalog.product(id)).map(|p| p.id.as_str()).collect();
        let subtotal = cart.subtotal();
        for (n, pick) in picks.iter().enumerate() {
            let product = catalog.product(&pick.product_id).unwrap();
            prop_assert!(!in_cart.contains(&product.id.as_str()), "{} is in the cart", product.id);
            prop_assert!(product.is_available() && !product.restricted, "{} is not offerable", product.id);
            prop_assert!(picks[..n].iter().all(|p| p.product_id != pick.product_id), "{} twice", product.id);
            if config.relevance_only {
                continue;
            }
            prop_assert!(product.in_season(month), "{} out of season", product.id);
            let price = product.offer_price();
            let anchor_price = |id: &str| catalog.product(id).unwrap().offer_price();
            match &pick.reason {
                Reason::ComplementOf { product_id } | Reason::BoughtTogether { product_id } => {
                    prop_assert!(in_cart.contains(&product_id.as_str()));
                    // Never dearer than the cart; next to a main item, an accessory's share of it.
                    prop_assert!(price <= subtotal, "{} at {:?} outshines the cart at {:?}", product.id, price, subtotal);
                    let anchor = anchor_price(product_id);
                    let main_item = anchor.minor() >= i64::from(MAIN_ITEM_MULTIPLE) * catalog.typical_price().minor();
                    prop_assert!(!main_item || price <= anchor.percent(config.cross_sell_max_share_percent),
                        "{} at {:?} is too dear next to {product_id} at {:?}", product.id, price, anchor);
                }
                Reason::BundleSaving { product_id, .. } => prop_assert!(price <= anchor_price(product_id)),
                Reason::Impulse | Reason::Seasonal | Reason::Clearance => {
                    prop_assert!(product.impulse);
                    prop_assert!(price <= config.impulse_max_price && price <= subtotal.percent(config.impulse_max_share_percent));
                }
                Reason::UpgradeOf { product_id } => prop_assert!(in_cart.contains(&product_id.as_str())),
            }
        }
        // The same question always gets the same answer.
        prop_assert_eq!(recommend(&catalog, &cart, date, &config), picks);
    }
}
