//! From JSON text to the feed as written ([`Feed`]), before validation. Every field of the
//! wrong type is reported with its JSON path and product id, all of them in one round; unknown
//! fields are ignored so feeds can carry more than we read.

use std::borrow::Cow;

use crate::error::{FeedError, FeedErrors, FeedPath};
use crate::feed::{
    Availability, Bundle, CategoryComplement, CoPurchase, Complement, Feed, Kind, Product, SeasonWindow,
    Similar, Upgrade, Variant,
};
use crate::json::{self, Json, Value};
use crate::money::Money;
use crate::steps::in_steps;

/// Reads the feed, or says everything that is wrong with its shape.
pub(crate) fn read(text: &str) -> Result<Feed, FeedErrors> {
    let root = json::parse(text).map_err(|e| syntax_error(text, e))?;
    let mut steps = ReadSteps::new(root);
    loop {
        if let Some(read) = steps.step(&mut || true) {
            return read;
        }
    }
}

/// A feed being read from its parsed text an item at a time, so the widget can spread a big
/// feed over several tasks (issue 16): the version and currency first, then each item of its
/// lists (products, complements, category complements, upgrades, bundles, then each product's
/// co-purchase and similar lists), then the rest, which keeps the errors in the order of a read
/// at once.
pub(crate) struct ReadSteps<'a> {
    root: Value<'a>,
    reader: Reader,
    /// What is read so far.
    feed: Feed,
    /// The list being read, in the order above; `None` before the version and currency.
    list: Option<u8>,
    /// How many of its items are read.
    next: usize,
}

impl<'a> ReadSteps<'a> {
    pub(crate) fn new(root: Value<'a>) -> ReadSteps<'a> {
        ReadSteps {
            root,
            reader: Reader::default(),
            feed: Feed::default(),
            list: None,
            next: 0,
        }
    }

    /// Reads on while `keep_going` says so (asked after each item of a list); the feed once read.
    pub(crate) fn step(&mut self, keep_going: &mut dyn FnMut() -> bool) -> Option<Result<Feed, FeedErrors>> {
        let ReadSteps {
            root,
            reader,
            feed,
            list,
            next,
        } = self;
        // A root that is not an object is reported here, in the one step that reads it all
        // (it has no lists to stop in).
        let top: MembersMut = match &mut root.json {
            Json::Object(members) => members,
            _ => {
                reader.wrong(&Place::root(), "an object");
                &mut []
            }
        };
        let list = list.get_or_insert_with(|| {
            let top = &*top;
            feed.version = reader
                .required(top, "version", &Place::root(), Reader::whole)
                .unwrap_or(1);
            feed.currency = reader
                .required(top, "currency", &Place::root(), Reader::text)
                .unwrap_or_default();
            0
        });
        loop {
            let done = match list {
                0 => reader.list_steps(top, "products", true, next, keep_going, &mut |r, v, p| {
                    feed.products.extend(r.product(v, p));
                }),
                1 => reader.list_steps(top, "complements", false, next, keep_going, &mut |r, v, p| {
                    let pair = r.pair(v, p).map(|(from, to)| Complement { from, to });
                    feed.complements.extend(pair);
                }),
                2 => reader.list_steps(
                    top,
                    "category_complements",
                    false,
                    next,
                    keep_going,
                    &mut |r, v, p| {
                        feed.category_complements.extend(r.category_pair(v, p));
                    },
                ),
                3 => reader.list_steps(top, "upgrades", false, next, keep_going, &mut |r, v, p| {
                    feed.upgrades
                        .extend(r.pair(v, p).map(|(from, to)| Upgrade { from, to }));
                }),
                4 => reader.list_steps(top, "bundles", false, next, keep_going, &mut |r, v, p| {
                    feed.bundles.extend(r.bundle(v, p));
                }),
                5 => reader.neighbour_steps(
                    top,
                    "copurchase",
                    next,
                    keep_going,
                    &mut feed.copurchase,
                    Reader::neighbour,
                ),
                6 => reader.neighbour_steps(
                    top,
                    "similar",
                    next,
                    keep_going,
                    &mut feed.similar,
                    Reader::similar,
                ),
                _ => return Some(read_rest(reader, top, std::mem::take(feed))),
            };
            if !done {
                return None;
            }
            *list += 1;
            *next = 0;
        }
    }
}

/// A syntax error of `text` as the feed's error, with its line and column.
pub(crate) fn syntax_error(text: &str, error: json::SyntaxError) -> FeedErrors {
    let (line, column) = json::line_column(text, error.at);
    FeedErrors(vec![FeedError::Syntax {
        line,
        column,
        message: error.message.to_owned(),
    }])
}

/// The feed's members after its lists, into `feed` as [`ReadSteps`] read it so far.
fn read_rest(reader: &mut Reader, top: Members, feed: Feed) -> Result<Feed, FeedErrors> {
    let feed = Feed {
        mined_orders: reader.optional(top, "mined", &Place::root(), |r, value, place| {
            let members = r.object(value, place);
            r.optional(members, "orders", place, Reader::whole)
        }),
        segments: reader.optional(top, "segments", &Place::root(), Reader::segments),
        bestsellers: (reader.optional(top, "bestsellers", &Place::root(), Reader::texts)).unwrap_or_default(),
        // What only a published folder's files carry is read where folders are.
        #[cfg(feature = "published")]
        published: reader.optional(top, "published", &Place::root(), Reader::published),
        #[cfg(feature = "published")]
        bundle_positions: reader.list(top, "bundle_positions", false, &Place::root(), Reader::whole),
        #[cfg(feature = "published")]
        category_candidates: field(top, "category_candidates").map(|_| {
            reader.list(
                top,
                "category_candidates",
                false,
                &Place::root(),
                Reader::candidates,
            )
        }),
        ..feed
    };
    if reader.errors.is_empty() {
        Ok(feed)
    } else {
        Err(FeedErrors(std::mem::take(&mut reader.errors)))
    }
}

/// Where a value sits: its JSON path, built only when an error needs it, and the product it
/// belongs to.
struct Place<'p> {
    parent: Option<&'p Place<'p>>,
    step: Step<'p>,
    product: Option<&'p str>,
    /// The product's position in `products`, for places inside one.
    position: Option<usize>,
}

#[derive(Clone, Copy)]
enum Step<'p> {
    Root,
    Field(&'p str),
    Index(usize),
}

impl<'p> Place<'p> {
    fn root() -> Place<'static> {
        Place {
            parent: None,
            step: Step::Root,
            product: None,
            position: None,
        }
    }

    fn field(&'p self, name: &'p str) -> Place<'p> {
        Place {
            parent: Some(self),
            step: Step::Field(name),
            product: self.product,
            position: self.position,
        }
    }

    fn index(&'p self, i: usize) -> Place<'p> {
        Place {
            parent: Some(self),
            step: Step::Index(i),
            product: self.product,
            position: if self.is_products() {
                Some(i)
            } else {
                self.position
            },
        }
    }

    /// The top-level `products` list.
    fn is_products(&self) -> bool {
        matches!(self.step, Step::Field("products")) && self.parent.is_some_and(|p| p.parent.is_none())
    }

    fn path(&self) -> FeedPath {
        FeedPath::new(self.position, self.json_path())
    }

    fn json_path(&self) -> String {
        let mut path = self.parent.map(Place::json_path).unwrap_or_default();
        match self.step {
            Step::Root => {}
            Step::Field(name) if path.is_empty() => path.push_str(name),
            Step::Field(name) => {
                path.push('.');
                path.push_str(name);
            }
            Step::Index(i) => {
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
            }
        }
        path
    }
}

type Members<'v, 'a> = &'v [(Cow<'a, str>, Value<'a>)];
type MembersMut<'v, 'a> = &'v mut [(Cow<'a, str>, Value<'a>)];

#[derive(Default)]
struct Reader {
    errors: Vec<FeedError>,
}

impl Reader {
    fn wrong(&mut self, place: &Place, expected: &'static str) {
        self.errors.push(FeedError::WrongType {
            path: place.path(),
            id: place.product.map(str::to_owned),
            expected,
        });
    }

    /// The members of an object; anything else is reported and reads as empty.
    fn object<'v, 'a>(&mut self, value: &'v Value<'a>, place: &Place) -> Members<'v, 'a> {
        match &value.json {
            Json::Object(members) => members,
            _ => {
                self.wrong(place, "an object");
                &[]
            }
        }
    }

    /// A required field: missing is reported, and so is a wrong type.
    fn required<T>(
        &mut self,
        members: Members,
        name: &'static str,
        place: &Place,
        read: impl FnOnce(&mut Reader, &Value, &Place) -> Option<T>,
    ) -> Option<T> {
        let place = place.field(name);
        match field(members, name) {
            Some(value) => read(self, value, &place),
            None => {
                self.wrong(&place, "a value (it is required)");
                None
            }
        }
    }

    /// An optional field: missing or `null` is `None`; a wrong type is reported.
    fn optional<T>(
        &mut self,
        members: Members,
        name: &'static str,
        place: &Place,
        read: impl FnOnce(&mut Reader, &Value, &Place) -> Option<T>,
    ) -> Option<T> {
        match field(members, name) {
            None | Some(Value { json: Json::Null, .. }) => None,
            Some(value) => read(self, value, &place.field(name)),
        }
    }

    /// The items of the array field `name` (at `place`); missing where `required`, or of
    /// another type, is reported and reads as none.
    fn array<'v, 'a>(
        &mut self,
        members: Members<'v, 'a>,
        name: &str,
        required: bool,
        place: &Place,
    ) -> &'v [Value<'a>] {
        match field(members, name).map(|v| &v.json) {
            // (`null` too: a required list written as nothing is not there.)
            None | Some(Json::Null) if required => {
                self.wrong(place, "an array (it is required)");
                &[]
            }
            None | Some(Json::Null) => &[],
            Some(Json::Array(items)) => items,
            Some(_) => {
                self.wrong(place, "an array");
                &[]
            }
        }
    }

    /// An array field of `read` items; an item that cannot be read is reported and left out.
    fn list<T>(
        &mut self,
        members: Members,
        name: &'static str,
        required: bool,
        place: &Place,
        read: impl Fn(&mut Reader, &Value, &Place) -> Option<T>,
    ) -> Vec<T> {
        let place = place.field(name);
        let items = self.array(members, name, required, &place);
        (items.iter().enumerate())
            .filter_map(|(i, item)| read(self, item, &place.index(i)))
            .collect()
    }

    /// The feed's list `name` read by [`ReadSteps`]: from item `*next` on, each given to `read`
    /// with its place, while `keep_going` says so (see [`in_steps`]). Each item's parsed value
    /// is dropped once read, so freeing a big feed's tree is spread over the steps too (at
    /// 30,000 products it took 17 ms natively in one piece).
    fn list_steps(
        &mut self,
        top: MembersMut,
        name: &'static str,
        required: bool,
        next: &mut usize,
        keep_going: &mut dyn FnMut() -> bool,
        read: &mut dyn FnMut(&mut Reader, &Value, &Place),
    ) -> bool {
        let root = Place::root();
        let place = root.field(name);
        // A list that is missing or no array is reported here, on the step that begins it, and
        // has no items to stop in.
        if self.array(top, name, required, &place).is_empty() {
            return true;
        }
        let Some(Value {
            json: Json::Array(items),
            ..
        }) = field_mut(top, name)
        else {
            return true;
        };
        in_steps(next, items.len(), keep_going, &mut |i| {
            read(self, &items[i], &place.index(i));
            items[i].json = Json::Null;
        })
    }

    fn text(&mut self, value: &Value, place: &Place) -> Option<String> {
        match &value.json {
            Json::String(text) => Some(text.clone().into_owned()),
            _ => {
                self.wrong(place, "a string");
                None
            }
        }
    }

    fn texts(&mut self, value: &Value, place: &Place) -> Option<Vec<String>> {
        match &value.json {
            Json::Array(items) => Some(
                (items.iter().enumerate())
                    .filter_map(|(i, item)| self.text(item, &place.index(i)))
                    .collect(),
            ),
            _ => {
                self.wrong(place, "an array of strings");
                None
            }
        }
    }

    fn flag(&mut self, value: &Value, place: &Place) -> Option<bool> {
        match value.json {
            Json::Bool(flag) => Some(flag),
            _ => {
                self.wrong(place, "true or false");
                None
            }
        }
    }

    /// A whole number, zero or more.
    fn whole(&mut self, value: &Value, place: &Place) -> Option<u64> {
        match value.json {
            Json::Number(digits) => digits.parse().ok().or_else(|| {
                self.wrong(place, "a whole number, zero or more");
                None
            }),
            _ => {
                self.wrong(place, "a whole number, zero or more");
                None
            }
        }
    }

    fn small<T: TryFrom<u64>>(&mut self, value: &Value, place: &Place, expected: &'static str) -> Option<T> {
        let whole = self.whole(value, place)?;
        T::try_from(whole).ok().or_else(|| {
            self.wrong(place, expected);
            None
        })
    }

    fn count(&mut self, value: &Value, place: &Place) -> Option<u32> {
        self.small(value, place, "a whole number below 2^32")
    }

    /// An amount in minor units: a whole number, which may be negative (validation says why
    /// that is wrong, with the amount).
    fn money(&mut self, value: &Value, place: &Place) -> Option<Money> {
        match value.json {
            Json::Number(digits) => digits.parse().ok().map(Money).or_else(|| {
                self.wrong(place, "a whole number of cents (minor units)");
                None
            }),
            _ => {
                self.wrong(place, "a whole number of cents (minor units)");
                None
            }
        }
    }

    fn fraction(&mut self, value: &Value, place: &Place) -> Option<f64> {
        match value.json {
            Json::Number(digits) => json::number_as_f64(digits).filter(|f| f.is_finite()).or_else(|| {
                self.wrong(place, "a number");
                None
            }),
            _ => {
                self.wrong(place, "a number");
                None
            }
        }
    }

    /// One of `names`, as its position.
    fn name_of(
        &mut self,
        value: &Value,
        place: &Place,
        names: &'static [&'static str],
        expected: &'static str,
    ) -> Option<usize> {
        let position = match &value.json {
            Json::String(name) => names.iter().position(|n| *n == name),
            _ => None,
        };
        if position.is_none() {
            self.wrong(place, expected);
        }
        position
    }

    fn product(&mut self, value: &Value, place: &Place) -> Option<Product> {
        let members = self.object(value, place);
        if members.is_empty() && !matches!(value.json, Json::Object(_)) {
            return None;
        }
        // The id first, so every later error can name the product.
        let id = self.required(members, "id", place, Reader::text);
        let place = Place {
            parent: place.parent,
            step: place.step,
            product: id.as_deref(),
            position: place.position,
        };
        let place = &place;
        let product = Product {
            title: self
                .required(members, "title", place, Reader::text)
                .unwrap_or_default(),
            price: self
                .required(members, "price", place, Reader::money)
                .unwrap_or_default(),
            compare_at_price: self.optional(members, "compare_at_price", place, Reader::money),
            url: self
                .optional(members, "url", place, Reader::text)
                .unwrap_or_default(),
            image: self
                .optional(members, "image", place, Reader::text)
                .unwrap_or_default(),
            category: self
                .optional(members, "category", place, Reader::texts)
                .unwrap_or_default(),
            brand: self
                .optional(members, "brand", place, Reader::text)
                .unwrap_or_default(),
            tags: self
                .optional(members, "tags", place, Reader::texts)
                .unwrap_or_default(),
            availability: self
                .optional(members, "availability", place, |r, v, p| {
                    const NAMES: &[&str] = &["in_stock", "out_of_stock", "preorder"];
                    let all = [
                        Availability::InStock,
                        Availability::OutOfStock,
                        Availability::Preorder,
                    ];
                    r.name_of(v, p, NAMES, "in_stock, out_of_stock or preorder")
                        .map(|i| all[i])
                })
                .unwrap_or_default(),
            stock: self.optional(members, "stock", place, Reader::count),
            continue_selling: self
                .optional(members, "continue_selling", place, Reader::flag)
                .unwrap_or(false),
            variants: self.list(members, "variants", false, place, Reader::variant),
            kinds: self.list(members, "kinds", false, place, |r, v, p| {
                const NAMES: &[&str] = &["accessory", "consumable", "service", "gift_wrap"];
                let all = [Kind::Accessory, Kind::Consumable, Kind::Service, Kind::GiftWrap];
                r.name_of(v, p, NAMES, "accessory, consumable, service or gift_wrap")
                    .map(|i| all[i])
            }),
            impulse: self
                .optional(members, "impulse", place, Reader::flag)
                .unwrap_or(false),
            clearance: self
                .optional(members, "clearance", place, Reader::flag)
                .unwrap_or(false),
            seasons: self.list(members, "seasons", false, place, |r, v, p| {
                let members = r.object(v, p);
                let month = |r: &mut Reader, v: &Value, p: &Place| r.small(v, p, "a month (1 to 12)");
                let from = r.required(members, "from", p, month);
                let to = r.required(members, "to", p, month);
                Some(SeasonWindow { from: from?, to: to? })
            }),
            restricted: self
                .optional(members, "restricted", place, Reader::flag)
                .unwrap_or(false),
            margin_percent: self.optional(members, "margin_percent", place, |r, v, p| {
                r.small(v, p, "a percentage (0 to 255)")
            }),
            repurchase_days: self.optional(members, "repurchase_days", place, Reader::days),
            id: id?,
        };
        Some(product)
    }

    fn variant(&mut self, value: &Value, place: &Place) -> Option<Variant> {
        let members = self.object(value, place);
        let id = self.required(members, "id", place, Reader::text);
        Some(Variant {
            title: self
                .optional(members, "title", place, Reader::text)
                .unwrap_or_default(),
            price: self.optional(members, "price", place, Reader::money),
            available: self
                .optional(members, "available", place, Reader::flag)
                .unwrap_or(true),
            repurchase_days: self.optional(members, "repurchase_days", place, Reader::days),
            id: id?,
        })
    }

    /// A repurchase cycle.
    fn days(&mut self, value: &Value, place: &Place) -> Option<u16> {
        const DAYS: &str = "a number of days (1 to 3650)";
        let days: u16 = self.small(value, place, DAYS)?;
        if (1..=3650).contains(&days) {
            Some(days)
        } else {
            self.wrong(place, DAYS);
            None
        }
    }

    fn pair(&mut self, value: &Value, place: &Place) -> Option<(String, String)> {
        let members = self.object(value, place);
        let from = self.required(members, "from", place, Reader::text);
        let to = self.required(members, "to", place, Reader::text);
        Some((from?, to?))
    }

    fn category_pair(&mut self, value: &Value, place: &Place) -> Option<CategoryComplement> {
        let members = self.object(value, place);
        let from = self.required(members, "from", place, Reader::texts);
        let to = self.required(members, "to", place, Reader::texts);
        Some(CategoryComplement {
            count: self.optional(members, "count", place, Reader::count),
            confidence: self.optional(members, "confidence", place, Reader::fraction),
            lift: self.optional(members, "lift", place, Reader::fraction),
            from: from?,
            to: to?,
        })
    }

    #[cfg(feature = "published")]
    fn published(&mut self, value: &Value, place: &Place) -> Option<crate::feed::PublishedInfo> {
        let members = self.object(value, place);
        let typical_price = self.required(members, "typical_price", place, Reader::money);
        let shards = self.required(members, "shards", place, Reader::whole);
        let generations = self.required(members, "generations", place, Reader::text);
        Some(crate::feed::PublishedInfo {
            typical_price: typical_price?,
            shards: shards?,
            generations: generations?,
        })
    }

    #[cfg(feature = "published")]
    fn candidates(&mut self, value: &Value, place: &Place) -> Option<(usize, Vec<String>)> {
        let members = self.object(value, place);
        let pair = self.required(members, "pair", place, Reader::whole);
        let products = self.required(members, "products", place, Reader::texts);
        Some((usize::try_from(pair?).ok()?, products?))
    }

    /// A feed's `segments`; each threshold left out keeps its default.
    fn segments(&mut self, value: &Value, place: &Place) -> Option<crate::segment::SegmentThresholds> {
        let members = self.object(value, place);
        let defaults = crate::segment::SegmentThresholds::default();
        let days = |r: &mut Reader, v: &Value, p: &Place| r.small::<u16>(v, p, "a number (0 to 65535)");
        Some(crate::segment::SegmentThresholds {
            lapsing_days: self
                .optional(members, "lapsing_days", place, days)
                .unwrap_or(defaults.lapsing_days),
            frequent_orders: (self.optional(members, "frequent_orders", place, days))
                .unwrap_or(defaults.frequent_orders),
            high_value_order: (self.optional(members, "high_value_order", place, |r, v, p| {
                // A threshold is zero or more; a negative one is a typo, not "everyone".
                r.whole(v, p)
                    .map(|minor| Money(minor.min(i64::MAX as u64) as i64))
            }))
            .unwrap_or(defaults.high_value_order),
        })
    }

    fn bundle(&mut self, value: &Value, place: &Place) -> Option<Bundle> {
        let members = self.object(value, place);
        let id = self.required(members, "id", place, Reader::text);
        let products = self.required(members, "products", place, Reader::texts);
        let saving = self.required(members, "saving", place, Reader::money);
        Some(Bundle {
            id: id?,
            products: products?,
            saving: saving?,
        })
    }

    /// A top-level object of lists keyed by product id (`copurchase`, `similar`), each entry
    /// read by `entry`.
    /// The feed's neighbour lists `name` (an object of lists by product id) read by
    /// [`ReadSteps`] into `lists`: from the `*next`th product's on, while `keep_going` says so,
    /// each list's parsed value dropped once read (as in [`Reader::list_steps`]).
    fn neighbour_steps<T>(
        &mut self,
        top: MembersMut,
        name: &'static str,
        next: &mut usize,
        keep_going: &mut dyn FnMut() -> bool,
        lists: &mut Vec<(String, Vec<T>)>,
        entry: fn(&mut Reader, &Value, &Place) -> Option<T>,
    ) -> bool {
        let root = Place::root();
        let place = root.field(name);
        let members = match field_mut(top, name) {
            None | Some(Value { json: Json::Null, .. }) => &mut [],
            Some(Value {
                json: Json::Object(members),
                ..
            }) => &mut members[..],
            Some(_) => {
                self.wrong(&place, "an object");
                &mut []
            }
        };
        in_steps(next, members.len(), keep_going, &mut |i| {
            let (source, neighbours) = &mut members[i];
            let place = Place {
                parent: Some(&place),
                step: Step::Field(source.as_ref()),
                product: Some(source.as_ref()),
                position: None,
            };
            let read = match &neighbours.json {
                Json::Array(items) => (items.iter().enumerate())
                    .filter_map(|(i, item)| entry(self, item, &place.index(i)))
                    .collect(),
                _ => {
                    self.wrong(&place, "an array of neighbours");
                    Vec::new()
                }
            };
            lists.push((source.to_string(), read));
            neighbours.json = Json::Null;
        })
    }

    /// A number above 0, at most 1: a title similarity, a mined link's strength.
    fn share(&mut self, value: &Value, place: &Place) -> Option<f64> {
        let share = self.fraction(value, place)?;
        if share > 0.0 && share <= 1.0 {
            return Some(share);
        }
        self.wrong(place, "a number above 0, at most 1");
        None
    }

    fn similar(&mut self, value: &Value, place: &Place) -> Option<Similar> {
        let members = self.object(value, place);
        let with = self.required(members, "with", place, Reader::text);
        let similarity = self.required(members, "similarity", place, Reader::share);
        Some(Similar {
            with: with?,
            similarity: similarity?,
        })
    }

    fn neighbour(&mut self, value: &Value, place: &Place) -> Option<CoPurchase> {
        let members = self.object(value, place);
        let with = self.required(members, "with", place, Reader::text);
        let count = self.required(members, "count", place, Reader::count);
        let confidence = self.required(members, "confidence", place, Reader::fraction);
        let lift = self.required(members, "lift", place, Reader::fraction);
        Some(CoPurchase {
            after: self.optional(members, "after", place, Reader::count),
            strength: self.optional(members, "strength", place, Reader::share),
            with: with?,
            count: count?,
            confidence: confidence?,
            lift: lift?,
        })
    }
}

/// The first member called `name`.
fn field<'v, 'a>(members: Members<'v, 'a>, name: &str) -> Option<&'v Value<'a>> {
    members.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn field_mut<'v, 'a>(members: MembersMut<'v, 'a>, name: &str) -> Option<&'v mut Value<'a>> {
    members.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A read in steps may stop after any item of any list but its last (the widget gives the
    /// page its turn there): the products, each relation, each product's neighbours.
    #[test]
    fn a_read_in_steps_may_stop_after_any_item_of_any_list() {
        let root = json::parse(crate::steps::EVERY_LIST).unwrap();
        let mut asked = 0;
        let read = ReadSteps::new(root).step(&mut || {
            asked += 1;
            true
        });
        assert!(matches!(read, Some(Ok(_))));
        // 5 products, 2 complements, category complements, upgrades and bundles each, 3
        // co-purchase lists and 2 similar ones.
        assert_eq!(asked, 4 + 1 + 1 + 1 + 1 + 2 + 1);
    }

    fn errors(text: &str) -> Vec<String> {
        match read(text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn wrong_types_name_the_path_and_the_product_all_at_once() {
        let found = errors(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "a", "title": "A", "price": "3.00"},
                {"id": "b", "title": 7, "price": 100, "variants": [{"id": "b-1", "available": "yes"}]}
            ]}"#,
        );
        assert_eq!(
            found,
            [
                "products[0].price (product `a`): expected a whole number of cents (minor units)",
                "products[1].title (product `b`): expected a string",
                "products[1].variants[0].available (product `b`): expected true or false",
            ]
        );
    }

    #[test]
    fn missing_required_fields_are_named() {
        let found = errors(r#"{"currency": "EUR", "products": [{"title": "A", "price": 1}]}"#);
        assert_eq!(
            found,
            [
                "version: expected a value (it is required)",
                "products[0].id: expected a value (it is required)",
            ]
        );
    }

    #[test]
    fn a_required_list_given_as_null_is_missing_not_empty() {
        let found = errors(r#"{"version": 1, "currency": "EUR", "products": null}"#);
        assert_eq!(found, ["products: expected an array (it is required)"]);
    }

    #[test]
    fn copurchase_errors_name_the_source_product() {
        let found = errors(
            r#"{"version": 1, "currency": "EUR", "products": [],
                "copurchase": {"a": [{"with": "b", "count": -1, "confidence": 0.5, "lift": 2}]}}"#,
        );
        assert_eq!(
            found,
            ["copurchase.a[0].count (product `a`): expected a whole number, zero or more"]
        );
    }

    #[test]
    fn unknown_fields_and_nulls_for_optional_ones_are_fine() {
        let Ok(feed) = read(
            r#"{"version": 1, "currency": "EUR", "generator": {"x": [1]},
                "products": [{"id": "a", "title": "A", "price": 1, "compare_at_price": null, "color": "red"}]}"#,
        ) else {
            panic!("a readable feed");
        };
        assert_eq!(feed.products[0].compare_at_price, None);
        assert!(feed.products[0].variants.is_empty());
    }
}
