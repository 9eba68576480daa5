//! The vocabulary, the bottom layer: the purposes data may be used for
//! ([`purpose`]), the categories of data and how sensitive each is
//! ([`category`]), and the rules for the names a broker may declare. It
//! depends on nothing else in the crate.

pub mod category;
pub(crate) mod name;
pub mod purpose;
pub mod standards;
