//! What the widget says, in the languages built in.

use checkout_addons_engine::Reason;

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
        let primary = locale.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Language::Nl,
            "de" => Language::De,
            "fr" => Language::Fr,
            _ => Language::En,
        }
    }
}

/// The widget's fixed strings in one language.
#[derive(Clone, Copy, Debug)]
pub struct Wording {
    /// The heading above the cards.
    pub heading: &'static str,
    /// The add button.
    pub add: &'static str,
    /// The add button once the item is in the cart.
    pub added: &'static str,
    /// The add button when the shop refused.
    pub failed: &'static str,
    /// Announced to screen readers after an add; `{}` is the product.
    pub announce_added: &'static str,
    language: Language,
}

impl Wording {
    /// The strings for `language`.
    pub fn of(language: Language) -> Wording {
        match language {
            Language::Nl => Wording {
                heading: "Maak je bestelling compleet",
                add: "Toevoegen",
                added: "Toegevoegd",
                failed: "Niet gelukt, opnieuw",
                announce_added: "{} is toegevoegd aan je winkelwagen",
                language,
            },
            Language::En => Wording {
                heading: "Complete your order",
                add: "Add",
                added: "Added",
                failed: "Failed, try again",
                announce_added: "{} was added to your cart",
                language,
            },
            Language::De => Wording {
                heading: "Vervollständige deine Bestellung",
                add: "Hinzufügen",
                added: "Hinzugefügt",
                failed: "Fehlgeschlagen, erneut",
                announce_added: "{} wurde in den Warenkorb gelegt",
                language,
            },
            Language::Fr => Wording {
                heading: "Complétez votre commande",
                add: "Ajouter",
                added: "Ajouté",
                failed: "Échec, réessayer",
                announce_added: "{} a été ajouté à votre panier",
                language,
            },
        }
    }

    /// The reason as short copy. `title_of` names a cart product; `price` formats an amount.
    pub fn reason(
        &self,
        reason: &Reason,
        title_of: impl Fn(&str) -> String,
        price: impl Fn(i64) -> String,
    ) -> String {
        use Language::*;
        match (reason, self.language) {
            (Reason::ComplementOf { product_id }, lang) => {
                let title = title_of(product_id);
                match lang {
                    Nl => format!("Past bij je {title}"),
                    En => format!("Goes with your {title}"),
                    De => format!("Passt zu deinem {title}"),
                    Fr => format!("Va avec votre {title}"),
                }
            }
            (Reason::BoughtTogether { product_id }, lang) => {
                let title = title_of(product_id);
                match lang {
                    Nl => format!("Vaak samen gekocht met {title}"),
                    En => format!("Often bought with {title}"),
                    De => format!("Oft zusammen gekauft mit {title}"),
                    Fr => format!("Souvent acheté avec {title}"),
                }
            }
            (Reason::BundleSaving { saving, .. }, lang) => {
                let amount = price(saving.minor());
                match lang {
                    Nl => format!("Bespaar {amount} met de bundel"),
                    En => format!("Save {amount} with the bundle"),
                    De => format!("Spare {amount} im Set"),
                    Fr => format!("Économisez {amount} avec le lot"),
                }
            }
            (Reason::UpgradeOf { product_id }, lang) => {
                let title = title_of(product_id);
                match lang {
                    Nl => format!("Beter dan je {title}"),
                    En => format!("An upgrade for your {title}"),
                    De => format!("Besser als dein {title}"),
                    Fr => format!("Mieux que votre {title}"),
                }
            }
            (Reason::Impulse, Nl) => "Handig om erbij te nemen".into(),
            (Reason::Impulse, En) => "Handy to add".into(),
            (Reason::Impulse, De) => "Praktisch für dazu".into(),
            (Reason::Impulse, Fr) => "Pratique à ajouter".into(),
            (Reason::Seasonal, Nl) => "Past bij het seizoen".into(),
            (Reason::Seasonal, En) => "In season now".into(),
            (Reason::Seasonal, De) => "Passend zur Saison".into(),
            (Reason::Seasonal, Fr) => "De saison".into(),
            (Reason::Clearance, Nl) => "Opruiming".into(),
            (Reason::Clearance, En) => "Clearance".into(),
            (Reason::Clearance, De) => "Abverkauf".into(),
            (Reason::Clearance, Fr) => "Déstockage".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::Money;

    #[test]
    fn locales_pick_their_language_and_unknown_ones_get_english() {
        assert_eq!(Language::from_locale("nl-BE"), Language::Nl);
        assert_eq!(Language::from_locale("fr_BE"), Language::Fr);
        assert_eq!(Language::from_locale("DE"), Language::De);
        assert_eq!(Language::from_locale("pt-BR"), Language::En);
    }

    #[test]
    fn reasons_read_as_shop_copy() {
        let nl = Wording::of(Language::Nl);
        let title = |_: &str| "koffiemolen".to_owned();
        let eur = |minor: i64| format!("€ {}", minor / 100);
        let complement = Reason::ComplementOf {
            product_id: "molen".into(),
        };
        assert_eq!(nl.reason(&complement, title, eur), "Past bij je koffiemolen");
        let bundle = Reason::BundleSaving {
            product_id: "w".into(),
            bundle_id: "b".into(),
            saving: Money(900),
        };
        assert_eq!(nl.reason(&bundle, title, eur), "Bespaar € 9 met de bundel");
        assert_eq!(
            Wording::of(Language::En).reason(&bundle, title, eur),
            "Save € 9 with the bundle"
        );
    }
}
