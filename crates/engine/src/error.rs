use std::fmt;

/// Where in a feed something is: its JSON path (`products[3].variants[0].id`), and the
/// position of the product it lies in, when it lies in one: kept as data, so a tool that
/// leaves bad products out never reads it back out of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedPath {
    product: Option<usize>,
    json: String,
}

impl FeedPath {
    /// A place inside the product at `position`: `rest` follows `products[position]`
    /// (`.title`, `.variants[0].id`, or nothing for the product itself).
    pub(crate) fn in_product(position: usize, rest: &str) -> FeedPath {
        FeedPath {
            product: Some(position),
            json: format!("products[{position}]{rest}"),
        }
    }

    /// A place outside the products (`complements[2].to`, `copurchase.mug`).
    pub(crate) fn outside(json: String) -> FeedPath {
        FeedPath { product: None, json }
    }

    /// A place with a known JSON path and, if it lies in one, the product's position.
    pub(crate) fn new(product: Option<usize>, json: String) -> FeedPath {
        FeedPath { product, json }
    }

    /// The same place, one field further in.
    pub(crate) fn field(mut self, name: &str) -> FeedPath {
        self.json.push('.');
        self.json.push_str(name);
        self
    }

    /// The position in `products` of the product this place lies in.
    pub fn product(&self) -> Option<usize> {
        self.product
    }

    /// The JSON path.
    pub fn as_str(&self) -> &str {
        &self.json
    }
}

impl fmt::Display for FeedPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.json)
    }
}

/// One thing wrong with a catalog feed, naming where: the JSON path (`products[3].price`), the
/// product id where there is one, or the line and column of a syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedError {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The feed is larger than [`crate::LIMITS`] allows a shopper's browser to parse.
    TooLarge { bytes: usize, limit: usize },
    /// More products than the limit.
    TooManyProducts { count: usize, limit: usize },
    /// A `version` this engine does not read.
    UnsupportedVersion { found: u64 },
    /// `currency` is not an ISO 4217 code.
    InvalidCurrency { found: String },
    /// A field of the wrong type, or a required one missing.
    WrongType {
        path: FeedPath,
        id: Option<String>,
        expected: &'static str,
    },
    /// A required text is empty.
    Empty { path: FeedPath, id: Option<String> },
    /// A text longer than the limit.
    TooLong {
        path: FeedPath,
        id: Option<String>,
        limit: usize,
    },
    /// Two products or variants share an id.
    DuplicateId {
        path: FeedPath,
        id: String,
        first: FeedPath,
    },
    /// A price or saving below zero.
    NegativeAmount {
        path: FeedPath,
        id: Option<String>,
        amount: i64,
    },
    /// A month outside 1 to 12.
    InvalidMonth { path: FeedPath, id: String, month: u8 },
    /// A relation names a product (or category) that the feed does not have.
    UnknownReference { path: FeedPath, reference: String },
    /// A relation from a product to itself.
    SelfReference { path: FeedPath, id: String },
    /// A bundle needs at least two products.
    BundleTooSmall { path: FeedPath, id: String },
    /// A URL that is not http(s) or a path on the shop's own site.
    UnsafeUrl { path: FeedPath, id: String, url: String },
    /// A published folder's manifest read as a feed: its products are in its shards.
    #[cfg(feature = "published")]
    Manifest,
    /// One shard of a published folder read as a feed: it holds only part of the shop.
    #[cfg(feature = "published")]
    Shard,
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let of = |id: &Option<String>| match id {
            Some(id) => format!(" (product `{id}`)"),
            None => String::new(),
        };
        match self {
            FeedError::Syntax {
                line,
                column,
                message,
            } => {
                write!(f, "line {line}, column {column}: {message}")
            }
            FeedError::TooLarge { bytes, limit } => {
                write!(f, "the feed is {bytes} bytes; at most {limit} are read")
            }
            FeedError::TooManyProducts { count, limit } => {
                write!(f, "products: {count} products; at most {limit} are read")
            }
            FeedError::UnsupportedVersion { found } => {
                write!(
                    f,
                    "version: {found} is not a feed version this engine reads (it reads 1)"
                )
            }
            FeedError::InvalidCurrency { found } => {
                write!(f, "currency: `{found}` is not an ISO 4217 code such as EUR")
            }
            FeedError::WrongType { path, id, expected } => write!(f, "{path}{}: expected {expected}", of(id)),
            FeedError::Empty { path, id } => write!(f, "{path}{}: must not be empty", of(id)),
            FeedError::TooLong { path, id, limit } => {
                write!(f, "{path}{}: longer than {limit} characters", of(id))
            }
            FeedError::DuplicateId { path, id, first } => {
                write!(f, "{path}: id `{id}` is already used at {first}")
            }
            FeedError::NegativeAmount { path, id, amount } => {
                write!(f, "{path}{}: {amount} is negative", of(id))
            }
            FeedError::InvalidMonth { path, id, month } => {
                write!(f, "{path} (product `{id}`): {month} is not a month (1 to 12)")
            }
            FeedError::UnknownReference { path, reference } => {
                write!(f, "{path}: `{reference}` is not in the feed")
            }
            FeedError::SelfReference { path, id } => {
                write!(f, "{path}: `{id}` cannot relate to itself")
            }
            FeedError::BundleTooSmall { path, id } => {
                write!(f, "{path} (bundle `{id}`): a bundle needs at least two products")
            }
            FeedError::UnsafeUrl { path, id, url } => write!(
                f,
                "{path} (product `{id}`): `{url}` is neither an http(s) URL nor a path on the shop"
            ),
            #[cfg(feature = "published")]
            FeedError::Manifest => write!(
                f,
                "published: this is a published folder's manifest, not a feed; its products are in its shards"
            ),
            #[cfg(feature = "published")]
            FeedError::Shard => write!(
                f,
                "category_candidates: this is one shard of a published folder, not a feed; give the folder's manifest.json"
            ),
        }
    }
}

impl FeedError {
    /// Where the error is (`products[3].title`), when it has a place in the document.
    pub fn path(&self) -> Option<&FeedPath> {
        match self {
            FeedError::WrongType { path, .. }
            | FeedError::Empty { path, .. }
            | FeedError::TooLong { path, .. }
            | FeedError::DuplicateId { path, .. }
            | FeedError::NegativeAmount { path, .. }
            | FeedError::InvalidMonth { path, .. }
            | FeedError::UnknownReference { path, .. }
            | FeedError::SelfReference { path, .. }
            | FeedError::BundleTooSmall { path, .. }
            | FeedError::UnsafeUrl { path, .. } => Some(path),
            FeedError::Syntax { .. }
            | FeedError::TooLarge { .. }
            | FeedError::TooManyProducts { .. }
            | FeedError::UnsupportedVersion { .. }
            | FeedError::InvalidCurrency { .. } => None,
            #[cfg(feature = "published")]
            FeedError::Manifest | FeedError::Shard => None,
        }
    }

    /// The position of the product the error is in, for errors inside `products`.
    pub fn product_position(&self) -> Option<usize> {
        self.path()?.product()
    }
}

impl std::error::Error for FeedError {}

/// Every error found in a feed, in document order. Validation does not stop at the first, so
/// a shop fixes its feed in one round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedErrors(pub Vec<FeedError>);

impl fmt::Display for FeedErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FeedErrors {}
