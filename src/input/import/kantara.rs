//! Kantara Initiative Consent Receipt v1.1 JSON: one receipt per line.

use std::io::BufRead;

use chrono::{DateTime, Utc};

use super::json::{Lines, Node, RecordFormat, Result};
use super::{Imported, time};
use crate::broker::Broker;
use crate::category::{BUILTIN, Categories};
use crate::consents::ConsentEvent;
use crate::crm::FieldProblem;
use crate::platforms::{Platform, PlatformNames};
use crate::recipient::Recipient;
use crate::record::SubjectId;
use crate::scope::ConsentScope;

/// The version of the specification the crate reads.
const VERSION: &str = "KI-CR-v1.1.0";

/// Reads Kantara Consent Receipts v1.1, one JSON receipt per line, into
/// consent events for [`read_ledger`](crate::crm::read_ledger); see the
/// [module docs](crate::import) for what is read and what is refused.
pub fn read_kantara<'a, R: BufRead + Send + 'a>(broker: &Broker, input: R) -> Imported<'a> {
    let mut lines = Lines::new(
        input,
        Kantara {
            broker: broker.clone(),
        },
    );
    Imported::new("kantara", move || lines.next_event())
}

struct Kantara {
    broker: Broker,
}

/// The grants that need a receipt's `sensitive` and `spiCat`.
fn sensitive() -> Categories {
    BUILTIN
        .into_iter()
        .filter(|c| c.needs_explicit_grant())
        .fold(Categories::empty(), |acc, c| acc | c.grant())
}

impl Kantara {
    fn names(&self) -> &PlatformNames {
        self.broker.platforms().names(Platform::Kantara)
    }

    fn categories(&self, list: &[Node<'_>]) -> Result<Categories> {
        list.iter().try_fold(Categories::empty(), |acc, item| {
            let node = item;
            let grants = self
                .names()
                .category(node.filled()?)
                .ok_or_else(|| node.fault(FieldProblem::UnmappedName { what: "category" }))?;
            Ok(acc | grants)
        })
    }

    /// The receipt's sensitive categories: what `spiCat` declares where
    /// `sensitive` is true.
    fn declared_sensitive(&self, receipt: &Node<'_>) -> Result<Categories> {
        let flag = receipt.required("sensitive")?;
        let listed = receipt.many("spiCat")?;
        let categories = self.categories(&listed)?;
        match (flag.boolean()?, listed.first()) {
            (true, _) => Ok(categories),
            (false, None) => Ok(Categories::empty()),
            (false, Some(first)) => Err(first.fault(FieldProblem::Contradiction {
                why: "`sensitive` is false but `spiCat` lists categories",
            })),
        }
    }

    fn controller(&self, receipt: &Node<'_>) -> Result<()> {
        let controllers = receipt.some("piiControllers")?;
        for c in &controllers {
            let name = c.required("piiController")?;
            let name = name.filled()?;
            if Recipient::new(name).is_ok_and(|r| r.matches(self.broker.controller())) {
                return Ok(());
            }
        }
        Err(receipt
            .required("piiControllers")?
            .fault(FieldProblem::OtherController))
    }

    fn purpose(
        &self,
        node: &Node<'_>,
        given_at: DateTime<Utc>,
        notice: crate::notice::NoticeVersion,
        declared: Categories,
        out: &mut Vec<ConsentEvent>,
    ) -> Result<()> {
        let name = node.required("purpose")?;
        let meaning = self
            .names()
            .purpose(name.filled()?)
            .ok_or_else(|| name.fault(FieldProblem::UnmappedName { what: "purpose" }))?;
        let listed = node.required("piiCategory")?;
        let categories = self.categories(&node.some("piiCategory")?)? | meaning.granted();
        let undeclared = categories & sensitive() & !declared;
        if !undeclared.is_empty() {
            return Err(listed.fault(FieldProblem::Contradiction {
                why: "a sensitive category the receipt does not declare in `spiCat`",
            }));
        }
        let termination = node.required("termination")?;
        let expires_at =
            time::end(given_at, termination.filled()?).map_err(|p| termination.fault(p))?;
        let mut scope = ConsentScope::builder(meaning.purposes(), notice, given_at)
            .categories(categories)
            .expires_at(expires_at);
        for name in meaning.recipients() {
            scope = scope.recipient(name);
        }
        if node.required("thirdPartyDisclosure")?.boolean()? {
            let third = node.required("thirdPartyName")?;
            let third = third.filled()?;
            scope = scope.recipient(self.names().recipient(third).unwrap_or(third));
        }
        let scope = scope.build().map_err(|e| node.fault(e.into()))?;
        out.push(ConsentEvent::Given(scope));
        Ok(())
    }
}

impl RecordFormat for Kantara {
    fn subject(&self, receipt: &Node<'_>) -> Result<SubjectId> {
        let id = receipt.required("piiPrincipalId")?;
        let node = id;
        node.filled()?
            .parse::<SubjectId>()
            .map_err(|_| node.fault(FieldProblem::Number))
    }

    fn events(&self, receipt: &Node<'_>, out: &mut Vec<ConsentEvent>) -> Result<()> {
        let version = receipt.required("version")?;
        if version.filled()? != VERSION {
            return Err(version.fault(FieldProblem::UnknownVersion));
        }
        let stamp = receipt.required("consentTimestamp")?;
        let given_at = stamp
            .value
            .as_i64()
            .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
            .ok_or_else(|| {
                stamp.fault(FieldProblem::WrongType {
                    expected: "a whole number of seconds since 1970",
                })
            })?;
        self.controller(receipt)?;
        let policy = receipt.required("policyUrl")?;
        let notice = self
            .broker
            .notices()
            .by_id(policy.filled()?)
            .map(|n| n.version())
            .ok_or_else(|| policy.fault(FieldProblem::UnknownNotice))?;
        let declared = self.declared_sensitive(receipt)?;
        for service in receipt.some("services")? {
            for purpose in service.some("purposes")? {
                self.purpose(&purpose, given_at, notice, declared, out)?;
            }
        }
        Ok(())
    }
}
