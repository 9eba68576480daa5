// Generic code cannot open a field for an unknown purpose: `get` and
// `open` ask for `FieldFor<P>`, which carries the policy, and `Field` (or
// `StoredField`) alone does not.
use consent_gate::{Clearance};
use consent_gate::field::{Field, StoredField};
use consent_gate::purpose::Purpose;

fn open_anything<P: Purpose, F: StoredField>(cleared: &Clearance<'_, P>) {
    let _ = cleared.get::<F>();
}

fn open_any_derived<P: Purpose, F: Field>(cleared: &Clearance<'_, P>) {
    let _ = cleared.open::<F>();
}

fn main() {}
