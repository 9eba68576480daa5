//! The testing kit, the top layer, compiled only with the `testkit`
//! feature (which `proptest` and `arbitrary` imply): synthetic data in the
//! case's shape, the oracle a pipeline's output is checked against, and
//! the strategies and `Arbitrary` impls for property tests and fuzzing.

#[cfg(feature = "arbitrary")]
mod arbitrary_impls;
pub mod oracle;
#[cfg(feature = "proptest")]
pub mod strategy;
pub mod synthetic;
