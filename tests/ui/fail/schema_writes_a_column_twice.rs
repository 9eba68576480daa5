// Class 3: no two fields of a schema write the same column or key, and a
// broker's field name is a plain identifier that the format does not use.
use consent_gate::category::{CustomCategory, NoGrant, OrdinaryData};
use consent_gate::field::{CustomField, ParentName};
use consent_gate::purpose::MarketingPost;
use consent_gate::{Gated};
use consent_gate::schema::check_extension_schema;
use consent_gate::schema::check_schema;

const _: () = check_schema::<MarketingPost, (ParentName, ParentName)>();

struct Tier;
impl CustomCategory for Tier {
    type Sensitivity = OrdinaryData;
    type Grant = NoGrant;
    const NAME: &'static str = "tier";
}
struct Extra(Gated<String, Tier>);

struct Quoted;
impl CustomField for Quoted {
    type Extension = Extra;
    type Category = Tier;
    type Value = String;
    const NAME: &'static str = "tier\":\"2016-03-01";
    fn locate(extra: &Extra) -> &Gated<String, Tier> {
        &extra.0
    }
}

struct Impostor;
impl CustomField for Impostor {
    type Extension = Extra;
    type Category = Tier;
    type Value = String;
    const NAME: &'static str = "child_birth_dates";
    fn locate(extra: &Extra) -> &Gated<String, Tier> {
        &extra.0
    }
}

const _: () = check_extension_schema::<MarketingPost, (ParentName, Quoted), Extra>();
const _: () = check_extension_schema::<MarketingPost, (ParentName, Impostor), Extra>();

fn main() {}
