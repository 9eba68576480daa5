//! [`SchemaColumns`]: what an export learns of its schema once, before the
//! first record: the header's names, each field's category, and where each
//! field's values come from.

use crate::category::CategoryType;
use crate::field::Field;
use crate::schema::sealed::FieldTypeVisitor;

use super::encode::Encode;

/// A schema's fields, in order.
#[derive(Debug, Default)]
pub(crate) struct SchemaColumns {
    /// Each field's name, with its value's column suffixes.
    pub(crate) names: Vec<(&'static str, &'static [&'static str])>,
    /// Each field's category name.
    pub(crate) categories: Vec<&'static str>,
    /// Each field's source (the stored field its values come from), and
    /// whether it is a coarsened (derived) value of it.
    pub(crate) sources: Vec<(&'static str, bool)>,
}

impl<X> FieldTypeVisitor<X> for SchemaColumns {
    fn field<F: Field<X>>(&mut self) {
        self.names.push((F::NAME, <F::Value as Encode>::COLUMNS));
        self.categories
            .push(<F::Category as CategoryType>::CATEGORY.name());
        self.sources.push((F::SOURCE, F::DERIVED));
    }
}
