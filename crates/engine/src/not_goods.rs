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

/// Stored value in the widget's four languages, named so by the last words of a title (a
/// German or Dutch compound ends in its last part: "Geschenkgutschein", "Kerstcadeaubon").
const GIFT_CARDS: [&str; 13] = [
    "voucher",
    "gift voucher",
    "gift certificate",
    "egift",
    "cadeaubon",
    "cadeaukaart",
    "gutschein",
    "gutscheinkarte",
    "geschenkkarte",
    "carte cadeau",
    "bon cadeau",
    "cheque cadeau",
    "tarjeta regalo",
];

/// "Gift card" is stored value only as itself ("Gift Card", "Digital Gift Card", "Gift
/// Card €25"): "Happy Birthday Gift Card" and "Wooden Gift Card" are greeting cards, goods.
const GIFT_CARD: [&str; 3] = ["gift card", "gift cards", "giftcard"];
/// Words that may stand before it.
const GIFT_CARD_KINDS: [&str; 7] = [
    "digital",
    "e",
    "electronic",
    "online",
    "physical",
    "virtual",
    "printable",
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

/// Words after the name that say nothing about what it is: "Gift Card (digital) 25 CHF",
/// "Carte cadeau de 50 euros".
const TRAILING: [&str; 25] = [
    "eur",
    "euro",
    "euros",
    "usd",
    "dollar",
    "dollars",
    "gbp",
    "pound",
    "pounds",
    "chf",
    "sek",
    "nok",
    "dkk",
    "kr",
    "pln",
    "czk",
    "aud",
    "cad",
    "digital",
    "physical",
    "online",
    "printable",
    "email",
    "de",
    "of",
];

/// What `title` names when it is no goods: the title ends with one of the names above, apart
/// from an amount and words like "digital". "Gift Voucher £10.00" is one; "Gift card holder"
/// and "Happy Birthday Gift Card" are goods.
pub fn not_goods(title: &str) -> Option<NotGoods> {
    let lower = title.to_lowercase().replace(['é', 'è'], "e");
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut amount = title.contains(['€', '£', '$', '¥']);
    while let Some(last) = words.last() {
        let number = last.bytes().all(|b| b.is_ascii_digit());
        if number || TRAILING.contains(last) {
            amount |= number;
            words.pop();
        } else {
            break;
        }
    }
    let name = words.join(" ");
    // What stands before `phrase` at the end of the name, if it ends so: a whole word, or the
    // first part of a compound.
    let before = |phrase: &str| {
        name.strip_suffix(phrase)
            .filter(|before| before.is_empty() || before.ends_with(' ') || !phrase.contains(' '))
    };
    let gift_card = GIFT_CARD
        .iter()
        .filter_map(|phrase| before(phrase))
        .any(|before| {
            amount
                || before
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .all(|w| GIFT_CARD_KINDS.contains(&w))
        });
    if gift_card || GIFT_CARDS.iter().any(|phrase| before(phrase).is_some()) {
        Some(NotGoods::GiftCard)
    } else if FEES.iter().any(|phrase| before(phrase).is_some()) {
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
            "Gift Cards",
            "E-Gift Cards",
            "Voucher £10",
            "Gift Card 25 CHF",
            "Carte cadeau de 50 euros",
            "Gutscheinkarte",
            "Christmas Gift Card £25",
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
            "Happy Birthday Gift Card",
            "Christmas Gift Card",
            "Wooden Gift Card",
            "Thank You Gift Card",
            "Gift card set",
        ] {
            assert_eq!(not_goods(title), None, "{title}");
        }
    }
}
