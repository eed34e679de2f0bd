use crate::catalog::Catalog;
use crate::money::Money;

/// What the shopper has in the cart, resolved against the catalog. Ids may be product or
/// variant ids; ids the catalog does not know are kept aside, never fatal, because carts
/// hold things feeds forget (gift cards, custom items).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cart {
    /// Catalog positions of the products in the cart, in cart order, each once.
    products: Vec<usize>,
    subtotal: Money,
    unknown: Vec<String>,
}

impl Cart {
    /// A cart with one of each id.
    pub fn from_ids<I, S>(catalog: &Catalog, ids: I) -> Cart
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut cart = Cart::default();
        for id in ids {
            let id = id.as_ref().trim();
            if id.is_empty() {
                continue;
            }
            let Some(position) = catalog.position(id) else {
                cart.unknown.push(id.to_owned());
                continue;
            };
            let product = &catalog.products()[position];
            let price = product
                .variants
                .iter()
                .find(|v| v.id == id)
                .and_then(|v| v.price)
                .unwrap_or(product.price);
            cart.subtotal = Money(cart.subtotal.minor().saturating_add(price.minor()));
            if !cart.products.contains(&position) {
                cart.products.push(position);
            }
        }
        cart
    }

    /// Catalog positions of the products in the cart.
    pub(crate) fn positions(&self) -> &[usize] {
        &self.products
    }

    /// Whether the product at this catalog position is in the cart, in any variant.
    pub(crate) fn holds(&self, position: usize) -> bool {
        self.products.contains(&position)
    }

    /// The sum of the cart's prices.
    pub fn subtotal(&self) -> Money {
        self.subtotal
    }

    /// Whether the cart holds nothing the catalog knows.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// Ids the catalog does not know.
    pub fn unknown_ids(&self) -> &[String] {
        &self.unknown
    }
}
