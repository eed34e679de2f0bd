//! Titles that name no goods to offer beside a cart: gift cards and vouchers (money, not a
//! thing that goes with anything), and the fees some shops sell as products (a shipping
//! protection app's line in most orders, a packing charge). Mined from orders they look like
//! best-sellers and partners of everything; the importers and `addons mine` mark them
//! `restricted` and name each one, so the shop sees the call and can undo it.
//!
//! Read by the tools only; the widget trusts the feed's `restricted`.

/// What a title says a product is, when it is no goods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotGoods {
    /// A gift card, voucher or certificate.
    GiftCard,
    /// A fee or a protection plan sold as a product.
    Fee,
}

impl NotGoods {
    /// The words a tool reports it with.
    pub fn described(self) -> &'static str {
        match self {
            NotGoods::GiftCard => "a gift card or voucher",
            NotGoods::Fee => "a fee or protection plan",
        }
    }
}

/// Gift cards in the widget's four languages; a German or Dutch compound ends in its last
/// part ("Geschenkgutschein", "Kerstcadeaubon").
const GIFT_CARDS: [&str; 12] = [
    "gift card",
    "giftcard",
    "gift voucher",
    "gift certificate",
    "egift",
    "cadeaubon",
    "cadeaukaart",
    "gutschein",
    "geschenkkarte",
    "carte cadeau",
    "bon cadeau",
    "cheque cadeau",
];

/// Fees sold as products. Not delivery itself: next-day delivery is a service a shop may want
/// offered.
const FEES: [&str; 9] = [
    "shipping protection",
    "package protection",
    "order protection",
    "shipping insurance",
    "packing charge",
    "handling charge",
    "handling fee",
    "service fee",
    "bank charges",
];

/// Words after the name that say nothing about what it is: "Gift Card (digital) €25".
const TRAILING: [&str; 10] = [
    "eur",
    "euro",
    "euros",
    "usd",
    "gbp",
    "digital",
    "physical",
    "online",
    "printable",
    "email",
];

/// What `title` names when it is no goods: the title ends with one of the names above, apart
/// from an amount and words like "digital". "Gift Voucher £10.00" is one; "Gift card holder"
/// is goods.
pub fn not_goods(title: &str) -> Option<NotGoods> {
    let lower = title.to_lowercase().replace(['é', 'è'], "e");
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while let Some(last) = words.last() {
        if last.bytes().all(|b| b.is_ascii_digit()) || TRAILING.contains(last) {
            words.pop();
        } else {
            break;
        }
    }
    let name = words.join(" ");
    let ends_with = |phrase: &str| {
        name.strip_suffix(phrase)
            .is_some_and(|before| before.is_empty() || before.ends_with(' ') || !phrase.contains(' '))
    };
    if GIFT_CARDS.iter().any(|phrase| ends_with(phrase)) {
        Some(NotGoods::GiftCard)
    } else if FEES.iter().any(|phrase| ends_with(phrase)) {
        Some(NotGoods::Fee)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gift_cards_are_named_whatever_amount_or_language_follows() {
        for title in [
            "Gift Card",
            "Dotcomgiftshop Gift Voucher £10.00",
            "E-Gift Card (digital)",
            "eGift",
            "Cadeaubon € 25",
            "Kerstcadeaubon",
            "Geschenkgutschein 50 €",
            "Carte cadeau 20 €",
            "Chèque cadeau",
            "GIFT CERTIFICATE - $100",
        ] {
            assert_eq!(not_goods(title), Some(NotGoods::GiftCard), "{title}");
        }
    }

    #[test]
    fn fees_are_named_and_delivery_is_a_service() {
        for title in [
            "Route Package Protection",
            "PACKING CHARGE",
            "Navidium Shipping Protection",
        ] {
            assert_eq!(not_goods(title), Some(NotGoods::Fee), "{title}");
        }
        assert_eq!(not_goods("Next Day Carriage"), None);
        assert_eq!(not_goods("Express delivery"), None);
    }

    #[test]
    fn goods_with_those_words_in_them_are_goods() {
        for title in [
            "Gift card holder",
            "Gift card envelopes, set of 10",
            "ZINC HEART LATTICE CHARGER LARGE",
            "Phone charger",
            "Luggage protection cover",
            "Vouchers wallet",
            "Service set, 6 plates",
            "Cardholder",
        ] {
            assert_eq!(not_goods(title), None, "{title}");
        }
    }
}
