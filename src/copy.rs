//! What the widget says: four languages built in, every string overridable by the shop.

use std::rc::Rc;

use checkout_addons_engine::{Date, Reason};

/// A built-in language, chosen from a locale such as `nl-BE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// Dutch.
    Nl,
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
}

impl Language {
    /// The language of a BCP 47 locale; English when we do not speak it.
    pub fn from_locale(locale: &str) -> Language {
        Language::spoken(locale).unwrap_or(Language::En)
    }

    /// The language of a BCP 47 locale, when it is one of ours.
    pub fn spoken(locale: &str) -> Option<Language> {
        let primary = locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Language::Nl),
            "en" => Some(Language::En),
            "de" => Some(Language::De),
            "fr" => Some(Language::Fr),
            _ => None,
        }
    }
}

/// What comes between a label and what it labels ("Your order of 2 November: Wipes"): French
/// sets a no-break space before its colon, as the French table does everywhere.
pub fn colon(locale: &str) -> &'static str {
    match Language::spoken(locale) {
        Some(Language::Fr) => "\u{a0}:",
        _ => ":",
    }
}

/// A day as `written` in `locale`, with French's ordinal for the first of the month ("le 1er
/// janvier"), which `Intl` leaves out ("1 janvier") and every French reader expects.
pub fn with_first_of_month(written: String, day: u8, locale: &str) -> String {
    match (Language::spoken(locale), written.strip_prefix("1 ")) {
        (Some(Language::Fr), Some(rest)) if day == 1 => format!("1er {rest}"),
        _ => written,
    }
}

/// One of the widget's strings. A shop replaces it with the attribute `text-{name}`, where the
/// name is [`Text::name`]; `{product}` and `{amount}` in the text are filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The heading above the cards.
    Heading,
    /// The add button.
    Add,
    /// The add button while the shop's cart is adding.
    Adding,
    /// The add button while the shop's cart takes an add back (undo).
    Removing,
    /// The add button when the cart did not answer in time and its answer may still come:
    /// pressing it does nothing until the cart says what happened.
    Waiting,
    /// The add button once the item is in the cart.
    Added,
    /// The button that takes an add back, where the cart can remove.
    Undo,
    /// The add button after the cart refused or failed; pressing it tries again.
    Failed,
    /// The add button of an upgrade, which takes the place of the cart item it upgrades.
    Swap,
    /// The add button once the upgrade has taken its place.
    Swapped,
    /// Announced after an add; `{product}`.
    AnnounceAdded,
    /// Announced after a failed add; `{product}`.
    AnnounceFailed,
    /// Announced after an undo; `{product}`.
    AnnounceRemoved,
    /// Announced after a swap; `{product}` is the upgrade, `{replaced}` the cart item it replaced.
    AnnounceSwapped,
    /// Announced when the cart refused an undo; `{product}` stays in it.
    AnnounceKept,
    /// Announced when the shopper hid a card (×); `{product}`: the focus moves on to the next
    /// card, whose name alone would not say the press did anything.
    AnnounceHidden,
    /// Reason: the shop says it goes with `{product}`.
    ComplementOf,
    /// Reason: often bought with `{product}`.
    BoughtTogether,
    /// Reason: a bundle with a cart item saves `{amount}`.
    BundleSaving,
    /// Reason: a better version of `{product}`.
    UpgradeOf,
    /// Reason: handy by the till.
    Impulse,
    /// Reason: in season.
    Seasonal,
    /// Reason: clearance.
    Clearance,
    /// Reason: one of the shop's best-sellers, where nothing in the cart says more.
    Bestseller,
    /// Reason: the shopper buys it regularly and last did on `{date}`.
    LastBought,
    /// The heading while the cart is below the shop's free-shipping threshold; `{amount}` is
    /// what it lacks.
    FreeShippingGap,
    /// Reason: adding it brings the cart to free shipping.
    FreeShippingWith,
    /// The accessible name of the variant picker; `{product}`.
    ChooseVariant,
    /// The accessible name of the button that hides a card; `{product}`.
    Dismiss,
    /// The reorder card's title; `{count}` is its number of items.
    OrderAgain,
    /// The reorder card's reason: the order of `{date}`.
    OrderOf,
    /// Said, not shown, before a struck-through earlier price: "was €9.95".
    Was,
}

const TEXTS: usize = 32;

impl Text {
    /// Every text, in the order of the tables below.
    pub const ALL: [Text; TEXTS] = [
        Text::Heading,
        Text::Add,
        Text::Adding,
        Text::Removing,
        Text::Waiting,
        Text::Added,
        Text::Undo,
        Text::Failed,
        Text::Swap,
        Text::Swapped,
        Text::AnnounceAdded,
        Text::AnnounceFailed,
        Text::AnnounceRemoved,
        Text::AnnounceSwapped,
        Text::AnnounceKept,
        Text::AnnounceHidden,
        Text::ComplementOf,
        Text::BoughtTogether,
        Text::BundleSaving,
        Text::UpgradeOf,
        Text::Impulse,
        Text::Seasonal,
        Text::Clearance,
        Text::Bestseller,
        Text::LastBought,
        Text::FreeShippingGap,
        Text::FreeShippingWith,
        Text::ChooseVariant,
        Text::Dismiss,
        Text::OrderAgain,
        Text::OrderOf,
        Text::Was,
    ];

    /// The name in the override attribute `text-{name}`.
    pub fn name(self) -> &'static str {
        [
            "heading",
            "add",
            "adding",
            "removing",
            "waiting",
            "added",
            "undo",
            "failed",
            "swap",
            "swapped",
            "announce-added",
            "announce-failed",
            "announce-removed",
            "announce-swapped",
            "announce-kept",
            "announce-hidden",
            "complement-of",
            "bought-together",
            "bundle-saving",
            "upgrade-of",
            "impulse",
            "seasonal",
            "clearance",
            "bestseller",
            "last-bought",
            "free-shipping-gap",
            "free-shipping-with",
            "choose-variant",
            "dismiss",
            "order-again",
            "order-of",
            "was",
        ][self as usize]
    }
}

// One table per language, in the order of `Text::ALL`.
const NL: [&str; TEXTS] = [
    "Maak je bestelling compleet",
    "Toevoegen",
    "Bezig…",
    "Wordt verwijderd…",
    "Nog even geduld…",
    "Toegevoegd",
    "Ongedaan maken",
    "Niet gelukt, probeer opnieuw",
    "Omruilen",
    "Omgeruild",
    "Toegevoegd aan je winkelwagen: {product}",
    "{product} kon niet worden toegevoegd",
    "Uit je winkelwagen gehaald: {product}",
    "{product} vervangt nu {replaced} in je winkelwagen",
    "Nog in je winkelwagen: {product}",
    "Verborgen: {product}",
    "Past bij je {product}",
    "Vaak samen gekocht met {product}",
    "Bespaar {amount} met de bundel",
    "Een upgrade voor je {product}",
    "Handig om erbij te nemen",
    "Past bij het seizoen",
    "Opruiming",
    "Een bestseller",
    "Weer nodig? Laatst gekocht op {date}",
    "Nog {amount} tot gratis verzending",
    "Hiermee verzenden we gratis",
    "Kies een variant van {product}",
    "Niet interessant: {product}",
    "Opnieuw bestellen: {count} artikelen",
    "Je bestelling van {date}",
    "was",
];
const EN: [&str; TEXTS] = [
    "Complete your order",
    "Add",
    "Adding…",
    "Removing…",
    "Still waiting…",
    "Added",
    "Undo",
    "Failed, try again",
    "Swap",
    "Swapped",
    "Added to your cart: {product}",
    "{product} could not be added",
    "Removed from your cart: {product}",
    "{product} replaced {replaced} in your cart",
    "Still in your cart: {product}",
    "Hidden: {product}",
    "Goes with your {product}",
    "Often bought with {product}",
    "Save {amount} with the bundle",
    "An upgrade for your {product}",
    "Handy to add",
    "In season now",
    "Clearance",
    "A bestseller",
    "Time for more? Last bought on {date}",
    "{amount} more for free shipping",
    "Free shipping with this one",
    "Choose a variant of {product}",
    "Not interested: {product}",
    "Order again: {count} items",
    "Your order of {date}",
    "was",
];
const DE: [&str; TEXTS] = [
    "Vervollständige deine Bestellung",
    "Hinzufügen",
    "Wird hinzugefügt…",
    "Wird entfernt…",
    "Einen Moment noch…",
    "Hinzugefügt",
    "Rückgängig",
    "Fehler – erneut versuchen",
    "Austauschen",
    "Ausgetauscht",
    "In den Warenkorb gelegt: {product}",
    "{product} konnte nicht hinzugefügt werden",
    "Aus dem Warenkorb entfernt: {product}",
    "{product} ersetzt jetzt {replaced} im Warenkorb",
    "Noch im Warenkorb: {product}",
    "Ausgeblendet: {product}",
    "Passend zu: {product}",
    "Oft zusammen gekauft mit {product}",
    "Spare {amount} im Set",
    "Upgrade für {product}",
    "Praktisch als Ergänzung",
    "Passend zur Saison",
    "Abverkauf",
    "Ein Bestseller",
    "Wieder nötig? Zuletzt gekauft am {date}",
    "Noch {amount} bis zum kostenlosen Versand",
    "Damit ist der Versand kostenlos",
    "Variante von {product} wählen",
    "Kein Interesse: {product}",
    "Erneut bestellen: {count} Artikel",
    "Deine Bestellung vom {date}",
    "statt",
];
const FR: [&str; TEXTS] = [
    "Complétez votre commande",
    "Ajouter",
    "Ajout en cours…",
    "Retrait en cours…",
    "Encore un instant…",
    "Ajouté",
    "Annuler",
    "Échec, réessayer",
    "Échanger",
    "Échangé",
    "Ajouté à votre panier\u{a0}: {product}",
    "Impossible d’ajouter\u{a0}: {product}",
    "Retiré de votre panier\u{a0}: {product}",
    "{product} remplace maintenant {replaced} dans votre panier",
    "Toujours dans votre panier\u{a0}: {product}",
    "Masqué\u{a0}: {product}",
    "Va bien avec votre {product}",
    "Souvent dans le même panier que {product}",
    "Économisez {amount} avec le lot",
    "Version supérieure de votre {product}",
    "Pratique à ajouter",
    "De saison",
    "Déstockage",
    "Un best-seller",
    "Besoin d’en racheter\u{202f}? Dernier achat le {date}",
    "Plus que {amount} pour la livraison offerte",
    "Avec cet article, la livraison est offerte",
    "Choisir une variante de {product}",
    "Masquer\u{a0}: {product}",
    "Commander à nouveau\u{a0}: {count} articles",
    "Votre commande du {date}",
    "au lieu de",
];

/// The widget's strings for one widget: a built-in language with the shop's overrides.
/// Cheap to clone: the texts are shared.
#[derive(Clone, Debug)]
pub struct Wording(Rc<[String]>);

impl Wording {
    /// The built-in strings for `language`, each replaced where `custom` (given a
    /// [`Text::name`]) has a non-blank text.
    pub fn new(language: Language, custom: impl Fn(&str) -> Option<String>) -> Wording {
        let table = match language {
            Language::Nl => &NL,
            Language::En => &EN,
            Language::De => &DE,
            Language::Fr => &FR,
        };
        Wording(
            Text::ALL
                .iter()
                .map(|text| {
                    custom(text.name())
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or_else(|| table[*text as usize].to_owned())
                })
                .collect(),
        )
    }

    /// The built-in strings for `language`.
    pub fn of(language: Language) -> Wording {
        Wording::new(language, |_| None)
    }

    /// A string as it stands.
    pub fn get(&self, text: Text) -> &str {
        &self.0[text as usize]
    }

    /// The language of the widget's own words, for a screen reader's voice and the browser's
    /// hyphenation: `locale` when it is one of ours; for one we lack (`pt-BR`), English, the
    /// words standing in, unless the shop wrote any of them (`text-*`): then they are the
    /// shop's, likely in the page's language, and the page's `lang` stays.
    pub fn words_lang<'a>(&self, locale: &'a str) -> Option<&'a str> {
        match Language::spoken(locale) {
            Some(_) => Some(locale),
            None => self
                .0
                .iter()
                .zip(EN)
                .all(|(ours, english)| ours == english)
                .then_some("en"),
        }
    }

    /// The locale a day in `text` is written in: `locale`, unless the words around it are our
    /// English standing in for a language we lack ("Last bought on 2 de novembro" mixed two).
    pub fn day_locale<'a>(&self, text: Text, locale: &'a str) -> &'a str {
        match Language::spoken(locale).is_some() || self.get(text) != EN[text as usize] {
            true => locale,
            false => "en",
        }
    }

    /// A string with `{product}` filled in.
    pub fn about(&self, text: Text, product: &str) -> String {
        fill(self.get(text), "{product}", product)
    }

    /// The reason as short copy. `title_of` names a cart product; `price` formats an amount.
    pub fn reason(
        &self,
        reason: &Reason,
        title_of: impl Fn(&str) -> String,
        price: impl Fn(i64) -> String,
        day: impl Fn(Date) -> String,
    ) -> String {
        match reason {
            Reason::ComplementOf { product_id } => self.about(Text::ComplementOf, &title_of(product_id)),
            Reason::BoughtTogether { product_id } => self.about(Text::BoughtTogether, &title_of(product_id)),
            // A piece of the same series goes with the cart item as a complement does; one
            // text less on the checkout page.
            Reason::Matches { product_id } => self.about(Text::ComplementOf, &title_of(product_id)),
            Reason::UpgradeOf { product_id } => self.about(Text::UpgradeOf, &title_of(product_id)),
            Reason::BundleSaving { saving, .. } => {
                fill(self.get(Text::BundleSaving), "{amount}", &price(saving.minor()))
            }
            Reason::Impulse => self.get(Text::Impulse).to_owned(),
            Reason::Seasonal => self.get(Text::Seasonal).to_owned(),
            Reason::Clearance => self.get(Text::Clearance).to_owned(),
            Reason::Bestseller => self.get(Text::Bestseller).to_owned(),
            Reason::LastBought { date, .. } => fill(self.get(Text::LastBought), "{date}", &day(*date)),
        }
    }
}

/// `text` with every `placeholder` ("{product}") in it replaced by `value`, as `str::replace`
/// does. Hand-written: the standard one brings a substring search (two-way) to the checkout
/// page, where a placeholder always starts with `{` and a scan for that byte does. Split at
/// each `{`, never sliced by index: a slice's out-of-bounds panic brought its message (with a
/// char's `Debug` and the Unicode tables behind it) to the checkout page.
pub fn fill(text: &str, placeholder: &str, value: &str) -> String {
    let name = placeholder.strip_prefix('{').unwrap_or(placeholder);
    let mut filled = String::with_capacity(text.len() + value.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('{') {
        filled.push_str(before);
        match after.strip_prefix(name) {
            Some(after) => {
                filled.push_str(value);
                rest = after;
            }
            None => {
                filled.push('{');
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// The reason's kind as events name it: `complement_of`, `bought_together`, ...
pub fn reason_kind(reason: &Reason) -> &'static str {
    match reason {
        Reason::ComplementOf { .. } => "complement_of",
        Reason::BoughtTogether { .. } => "bought_together",
        Reason::Matches { .. } => "matches",
        Reason::BundleSaving { .. } => "bundle_saving",
        Reason::Impulse => "impulse",
        Reason::Seasonal => "seasonal",
        Reason::Clearance => "clearance",
        Reason::Bestseller => "bestseller",
        Reason::UpgradeOf { .. } => "upgrade_of",
        Reason::LastBought { .. } => "last_bought",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::Money;

    #[test]
    fn french_writes_the_first_of_the_month_as_an_ordinal_and_a_space_before_its_colon() {
        assert_eq!(with_first_of_month("1 janvier".into(), 1, "fr"), "1er janvier");
        assert_eq!(
            with_first_of_month("1 janvier 2025".into(), 1, "fr-CA"),
            "1er janvier 2025"
        );
        assert_eq!(with_first_of_month("2 janvier".into(), 2, "fr-FR"), "2 janvier");
        assert_eq!(with_first_of_month("11 janvier".into(), 11, "fr"), "11 janvier");
        // Other languages as `Intl` writes them.
        assert_eq!(with_first_of_month("1 januari".into(), 1, "nl"), "1 januari");
        assert_eq!(with_first_of_month("1. Januar".into(), 1, "de"), "1. Januar");
        assert_eq!(with_first_of_month("January 1".into(), 1, "en"), "January 1");
        assert_eq!(colon("fr-BE"), "\u{a0}:");
        assert_eq!(colon("en"), ":");
        assert_eq!(colon("de-AT"), ":");
    }

    #[test]
    fn fill_replaces_a_placeholder_as_str_replace_does() {
        let texts = [
            "Past bij je {product}",
            "{product}",
            "{product} vervangt {replaced}",
            "{product} en {product}",
            "{{product}}",
            "{produc",
            "{ {product",
            "prijs {amount}{product}{",
            "",
            "geen accolades",
            "é{product}ü{",
        ];
        for text in texts {
            for value in ["Suède sneakers", "", "{product}", "{"] {
                assert_eq!(
                    fill(text, "{product}", value),
                    text.replace("{product}", value),
                    "{text:?} with {value:?}"
                );
            }
        }
    }

    #[test]
    fn a_day_is_written_in_the_language_of_the_words_around_it() {
        let english_for_portuguese = Wording::new(Language::from_locale("pt-BR"), |_| None);
        assert_eq!(english_for_portuguese.day_locale(Text::LastBought, "pt-BR"), "en");
        // The shop's own Portuguese words take a Portuguese day.
        let own = Wording::new(Language::from_locale("pt-BR"), |name| {
            (name == "last-bought").then(|| "Comprado em {date}".to_owned())
        });
        assert_eq!(own.day_locale(Text::LastBought, "pt-BR"), "pt-BR");
        assert_eq!(own.day_locale(Text::OrderOf, "pt-BR"), "en");
        let dutch = Wording::new(Language::from_locale("nl-BE"), |_| None);
        assert_eq!(dutch.day_locale(Text::LastBought, "nl-BE"), "nl-BE");
    }

    #[test]
    fn the_words_say_their_language_english_where_it_stands_in() {
        let dutch = Wording::of(Language::from_locale("nl-BE"));
        assert_eq!(dutch.words_lang("nl-BE"), Some("nl-BE"));
        // On a Portuguese page the built-in words are English, and a screen reader must say so.
        let standing_in = Wording::of(Language::from_locale("pt-BR"));
        assert_eq!(standing_in.words_lang("pt-BR"), Some("en"));
        // A shop that wrote its own words (likely Portuguese) keeps the page's language.
        let own = Wording::new(Language::from_locale("pt-BR"), |name| {
            (name == "add").then(|| "Adicionar".to_owned())
        });
        assert_eq!(own.words_lang("pt-BR"), None);
    }

    #[test]
    fn locales_pick_their_language_and_unknown_ones_get_english() {
        assert_eq!(Language::from_locale("nl-BE"), Language::Nl);
        assert_eq!(Language::from_locale("fr_BE"), Language::Fr);
        assert_eq!(Language::from_locale("DE"), Language::De);
        assert_eq!(Language::from_locale("pt-BR"), Language::En);
        assert_eq!(Language::spoken("pt-BR"), None);
        assert_eq!(Language::spoken("en-GB"), Some(Language::En));
    }

    #[test]
    fn reasons_read_as_shop_copy() {
        let nl = Wording::of(Language::Nl);
        let title = |_: &str| "koffiemolen".to_owned();
        let eur = |minor: i64| format!("€ {}", minor / 100);
        let complement = Reason::ComplementOf {
            product_id: "molen".into(),
        };
        let day = |date: Date| date.to_string();
        assert_eq!(nl.reason(&complement, title, eur, day), "Past bij je koffiemolen");
        // A piece of the same series reads as going with the cart item; events tell them apart.
        let series = Reason::Matches {
            product_id: "molen".into(),
        };
        assert_eq!(nl.reason(&series, title, eur, day), "Past bij je koffiemolen");
        assert_eq!(
            (reason_kind(&series), reason_kind(&complement)),
            ("matches", "complement_of")
        );
        let bundle = Reason::BundleSaving {
            product_id: "w".into(),
            bundle_id: "b".into(),
            saving: Money(900),
        };
        assert_eq!(nl.reason(&bundle, title, eur, day), "Bespaar € 9 met de bundel");
        assert_eq!(
            Wording::of(Language::En).reason(&bundle, title, eur, day),
            "Save € 9 with the bundle"
        );
        let again = Reason::LastBought {
            date: Date::new(2026, 11, 2).unwrap(),
            line_id: "food".into(),
            quantity: 1,
        };
        let day = |_: Date| "2 november".to_owned();
        assert_eq!(
            nl.reason(&again, title, eur, day),
            "Weer nodig? Laatst gekocht op 2 november"
        );
        let in_each = [Language::En, Language::De, Language::Fr]
            .map(|language| Wording::of(language).reason(&again, title, eur, day));
        assert_eq!(
            in_each,
            [
                "Time for more? Last bought on 2 november",
                "Wieder nötig? Zuletzt gekauft am 2 november",
                "Besoin d’en racheter\u{202f}? Dernier achat le 2 november",
            ]
        );
        let bestseller = [Language::Nl, Language::En, Language::De, Language::Fr]
            .map(|language| Wording::of(language).reason(&Reason::Bestseller, title, eur, day));
        assert_eq!(
            bestseller,
            [
                "Een bestseller",
                "A bestseller",
                "Ein Bestseller",
                "Un best-seller"
            ]
        );
        assert_eq!(reason_kind(&Reason::Bestseller), "bestseller");
    }

    #[test]
    fn a_shop_overrides_any_string_and_keeps_the_rest() {
        let custom = |name: &str| match name {
            "add" => Some("In mijn tas".to_owned()),
            "complement-of" => Some("Hoort bij {product}".to_owned()),
            "heading" => Some("   ".to_owned()),
            _ => None,
        };
        let nl = Wording::new(Language::Nl, custom);
        assert_eq!(nl.get(Text::Add), "In mijn tas");
        assert_eq!(
            nl.get(Text::Heading),
            NL[0],
            "a blank override keeps the built-in text"
        );
        let complement = Reason::ComplementOf {
            product_id: "m".into(),
        };
        assert_eq!(
            nl.reason(
                &complement,
                |_| "molen".into(),
                |_| String::new(),
                |_| String::new()
            ),
            "Hoort bij molen"
        );
    }

    #[test]
    fn french_words_do_not_agree_with_a_title_they_cannot_know() {
        // "Brosse" is feminine, "Filtres" plural, a reorder several items: "Brosse a été
        // ajouté" was wrong for all of them. With the product no longer the subject, the
        // participle is the impersonal one of a shop's "Ajouté au panier".
        let fr = Wording::of(Language::Fr);
        assert_eq!(
            fr.about(Text::AnnounceAdded, "Brosse en daim"),
            "Ajouté à votre panier\u{a0}: Brosse en daim"
        );
        assert_eq!(
            fr.about(Text::AnnounceRemoved, "Filtres nº 4"),
            "Retiré de votre panier\u{a0}: Filtres nº 4"
        );
        assert_eq!(
            fr.about(Text::AnnounceFailed, "Brosse en daim"),
            "Impossible d’ajouter\u{a0}: Brosse en daim"
        );
    }

    #[test]
    fn every_language_has_every_text_with_its_placeholders() {
        for table in [&NL, &EN, &DE, &FR] {
            for text in Text::ALL {
                let value = table[text as usize];
                assert!(!value.is_empty());
                let wants_product = matches!(
                    text,
                    Text::AnnounceAdded
                        | Text::AnnounceFailed
                        | Text::AnnounceRemoved
                        | Text::AnnounceSwapped
                        | Text::AnnounceKept
                        | Text::AnnounceHidden
                        | Text::ComplementOf
                        | Text::BoughtTogether
                        | Text::UpgradeOf
                        | Text::ChooseVariant
                        | Text::Dismiss
                );
                assert_eq!(value.contains("{product}"), wants_product, "{text:?}: {value}");
                assert_eq!(
                    value.contains("{replaced}"),
                    text == Text::AnnounceSwapped,
                    "{text:?}: {value}"
                );
                assert_eq!(
                    value.contains("{amount}"),
                    matches!(text, Text::BundleSaving | Text::FreeShippingGap),
                    "{text:?}: {value}"
                );
                assert_eq!(
                    value.contains("{date}"),
                    matches!(text, Text::LastBought | Text::OrderOf),
                    "{text:?}: {value}"
                );
                assert_eq!(
                    value.contains("{count}"),
                    text == Text::OrderAgain,
                    "{text:?}: {value}"
                );
            }
        }
        let names: std::collections::HashSet<_> = Text::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names.len(), TEXTS);
    }
}
