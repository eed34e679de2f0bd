use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};

/// Everything a shop can tune about the ranking. The widget reads it from the element's
/// attributes and the CLI from `--config FILE`; every field has the documented default, so a
/// config names only what it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// How many add-ons to show at most. Two good options beat ten.
    pub max_items: usize,
    /// A cross-sell costs at most this share (percent) of the cart item it complements.
    pub cross_sell_max_share_percent: u32,
    /// An impulse item costs at most this much, in minor units; unset, the till's price of
    /// the feed's currency (`Currency::till_price`, about €5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impulse_max_price: Option<Money>,
    /// An impulse item costs at most this share (percent) of the cart subtotal.
    pub impulse_max_share_percent: u32,
    /// How many upsells (swaps for a better version) at most.
    pub max_upsells: usize,
    /// Switch off the price, impulse and season rules to measure relevance alone. The in-cart,
    /// availability and restricted filters stay on.
    pub relevance_only: bool,
    /// The cart subtotal from which the shop ships for free, in minor units; 0 when it does
    /// not. Below it, add-ons that close the gap are preferred, the smallest overshoot first.
    pub free_shipping_from: Money,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_items: 3,
            cross_sell_max_share_percent: 25,
            impulse_max_price: None,
            impulse_max_share_percent: 10,
            max_upsells: 1,
            relevance_only: false,
            free_shipping_from: Money(0),
        }
    }
}

impl Config {
    /// What an impulse item costs at most in a shop of `currency`: the shop's own cap, or the
    /// till's price of its currency.
    pub fn impulse_cap(&self, currency: &Currency) -> Money {
        self.impulse_max_price.unwrap_or_else(|| currency.till_price())
    }

    /// Sets one field from text, as the widget's attributes give it: `max_items` from `"2"`,
    /// `relevance_only` from `"true"`. Amounts are whole minor units. The error says what the
    /// text should have been.
    pub fn set(&mut self, field: &str, text: &str) -> Result<(), &'static str> {
        let number = || {
            text.parse::<u32>()
                .map_err(|_| "not a whole number, zero or more")
        };
        // Amounts as i64, as Money is: a rial or dong threshold exceeds 2^32 minor units.
        let amount = || {
            text.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Money)
                .ok_or("not a whole number, zero or more")
        };
        match field {
            "max_items" => self.max_items = number()? as usize,
            "cross_sell_max_share_percent" => self.cross_sell_max_share_percent = number()?,
            "impulse_max_price" => self.impulse_max_price = Some(amount()?),
            "impulse_max_share_percent" => self.impulse_max_share_percent = number()?,
            "max_upsells" => self.max_upsells = number()? as usize,
            "free_shipping_from" => self.free_shipping_from = amount()?,
            "relevance_only" => {
                self.relevance_only = match text {
                    // A bare attribute (`<checkout-addons relevance-only>`) says yes, as the
                    // widget's other switches do.
                    "true" | "" => true,
                    "false" => false,
                    _ => return Err("not true or false"),
                }
            }
            _ => return Err("not a setting"),
        }
        Ok(())
    }

    /// The config's field names as serde reads them (`max_items`, ...), taken from the derive
    /// itself so attribute names can never drift from the struct.
    pub fn field_names() -> &'static [&'static str] {
        let mut fields: &'static [&'static str] = &[];
        let _ = Config::deserialize(FieldNames(&mut fields));
        fields
    }
}

/// A deserializer that answers nothing but records the fields a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("field names only"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names only"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_file_names_the_tills_price_or_leaves_it_to_the_currency() {
        let own: Config = serde_json::from_str(r#"{"impulse_max_price": 500}"#).unwrap();
        let sek = Currency::parse("SEK").unwrap();
        assert_eq!(
            own.impulse_cap(&sek),
            Money(500),
            "a cap written down is kept, in any currency"
        );
        let unset: Config = serde_json::from_str("{}").unwrap();
        assert_eq!(unset.impulse_cap(&sek), Money(5000));
        // Written back as it was read: no `null` an older reader would refuse.
        assert!(!serde_json::to_string(&unset)
            .unwrap()
            .contains("impulse_max_price"));
    }

    #[test]
    fn amounts_are_read_past_four_billion_minor_units() {
        // 50 million Iranian rials in their ISO minor units: a real free-shipping threshold.
        let mut config = Config::default();
        config.set("free_shipping_from", "5000000000").unwrap();
        assert_eq!(config.free_shipping_from, Money(5_000_000_000));
        assert!(config.set("impulse_max_price", "-1").is_err());
        assert!(
            config.set("max_items", "5000000000").is_err(),
            "counts stay small"
        );
    }

    #[test]
    fn every_field_can_be_set_from_text() {
        for field in Config::field_names() {
            let mut config = Config::default();
            let text = if *field == "relevance_only" { "true" } else { "7" };
            config.set(field, text).unwrap_or_else(|e| panic!("{field}: {e}"));
            let changed = serde_json::to_value(&config).unwrap();
            let default = serde_json::to_value(Config::default()).unwrap();
            assert_ne!(changed[*field], default[*field], "{field} did not change");
        }
        let mut config = Config::default();
        assert_eq!(
            config.set("max_items", "-1"),
            Err("not a whole number, zero or more")
        );
        assert_eq!(config.set("relevance_only", "yes"), Err("not true or false"));
        assert_eq!(config.set("max_item", "2"), Err("not a setting"));
        assert_eq!(config, Config::default());
    }

    #[test]
    fn field_names_are_the_serialized_ones() {
        // (With every optional field set, so each is written.)
        let config = Config {
            impulse_max_price: Some(Money(500)),
            ..Config::default()
        };
        let json = serde_json::to_value(config).unwrap();
        let mut serialized: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut names = Config::field_names().to_vec();
        serialized.sort();
        names.sort();
        assert_eq!(names, serialized);
    }

    #[test]
    fn a_config_file_names_only_what_it_changes() {
        let config: Config = serde_json::from_str(r#"{"max_items": 2}"#).unwrap();
        assert_eq!(
            config,
            Config {
                max_items: 2,
                ..Config::default()
            }
        );
        let typo = serde_json::from_str::<Config>(r#"{"max_item": 2}"#).unwrap_err();
        assert!(typo.to_string().contains("unknown field `max_item`"), "{typo}");
    }
}
