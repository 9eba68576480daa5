// Generic code cannot open a field for an unknown purpose: `get` asks for
// `FieldFor<P>`, which carries the policy, and `Field` alone does not.
use consent_gate::{Clearance};
use consent_gate::field::Field;
use consent_gate::purpose::Purpose;

fn open_anything<P: Purpose, F: Field>(cleared: &Clearance<'_, P>) {
    let _ = cleared.get::<F>();
}

fn main() {}
