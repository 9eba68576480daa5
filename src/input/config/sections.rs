//! The configuration's sections read into the model: organisations,
//! notices, rules and the suppression list.

use super::*;

pub(super) fn instant(key: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| invalid(key, "an RFC 3339 instant with a time zone"))
}

pub(super) fn kind(key: &str, text: &str) -> Result<OrganisationKind> {
    OrganisationKind::from_name(text).ok_or_else(|| invalid(key, "an organisation kind"))
}

pub(super) fn purposes(obj: &Obj<'_>, key: &str) -> Result<Purposes> {
    if obj.optional(key).is_none() {
        return Err(err(obj.key(key), ConfigProblem::Missing));
    }
    obj.texts(key)?
        .into_iter()
        .try_fold(Purposes::empty(), |acc, (path, name)| {
            let one = Purposes::named(name).ok_or_else(|| invalid(&path, "a purpose name"))?;
            Ok(acc | one)
        })
}

pub(super) fn organisations(root: &Obj<'_>) -> Result<Organisations> {
    let mut builder = Organisations::builder(root.text("controller")?);
    if root.optional("organisations").is_none() {
        return Err(err("organisations", ConfigProblem::Missing));
    }
    for (path, value) in root.items("organisations")? {
        let obj = Obj::new(value, path, &["name", "kind", "acts_for"])?;
        let kind = kind(&obj.key("kind"), obj.text("kind")?)?;
        let acts_for = obj.texts("acts_for")?;
        builder = builder.acting_for(obj.text("name")?, kind, acts_for.iter().map(|(_, n)| *n));
    }
    builder
        .build()
        .map_err(|e| err("organisations", ConfigProblem::Organisations(e)))
}

pub(super) fn notices(root: &Obj<'_>) -> Result<Notices> {
    if root.optional("notices").is_none() {
        return Err(err("notices", ConfigProblem::Missing));
    }
    let mut list = Vec::new();
    for (path, value) in root.items("notices")? {
        let obj = Obj::new(
            value,
            path,
            &[
                "version",
                "published_at",
                "purposes",
                "recipients",
                "recipient_kinds",
                "ids",
            ],
        )?;
        let version = NoticeVersion(obj.number("version", u64::from(u32::MAX))? as u32);
        let published_at = instant(&obj.key("published_at"), obj.text("published_at")?)?;
        let mut notice = Notice::new(version, published_at, purposes(&obj, "purposes")?);
        for (_, name) in obj.texts("recipients")? {
            notice = notice.recipient(name);
        }
        for (path, name) in obj.texts("recipient_kinds")? {
            notice = notice.recipient_kind(kind(&path, name)?);
        }
        for (_, id) in obj.texts("ids")? {
            notice = notice.id(id);
        }
        list.push(notice);
    }
    Notices::new(list).map_err(|e| err("notices", ConfigProblem::Notices(e)))
}

pub(super) fn rules(root: &Obj<'_>) -> Result<Rules> {
    let obj = Obj::new(
        root.required("rules")?,
        "rules".into(),
        &[
            "child_age",
            "indirect_consent_max_months",
            "third_party_consent_max_months",
            "min_mother_age_at_birth",
            "exact_data",
        ],
    )?;
    let months = u64::from(u32::MAX);
    let rules = Rules::default()
        .with_child_age(obj.number("child_age", 255)? as u8)
        .with_indirect_consent_max_months(obj.number("indirect_consent_max_months", months)? as u32)
        .with_third_party_consent_max_months(
            obj.optional_number("third_party_consent_max_months", months)?
                .map(|m| m as u32),
        )
        .with_min_mother_age_at_birth(
            obj.optional_number("min_mother_age_at_birth", 255)?
                .map_or(Rules::default().min_mother_age_at_birth(), |a| a as u8),
        );
    exact_data(&obj, rules)
}

/// `rules.exact_data`: purpose names, each with the reason its exports
/// need exact values.
fn exact_data(rules_obj: &Obj<'_>, mut rules: Rules) -> Result<Rules> {
    let Some(value) = rules_obj.optional("exact_data") else {
        return Ok(rules);
    };
    let key = rules_obj.key("exact_data");
    let map = value
        .as_object()
        .ok_or_else(|| invalid(&key, "an object of purpose names and reasons"))?;
    for (name, reason) in map {
        let path = format!("{key}.{name}");
        let purpose: crate::purpose::PurposeKind = name
            .parse()
            .map_err(|_| invalid(&key, "an object whose keys are purpose names"))?;
        let reason = reason
            .as_str()
            .ok_or_else(|| invalid(&path, "a reason (text)"))?;
        rules = rules.with_exact_data_for(purpose, reason).map_err(|_| {
            invalid(
                &path,
                "a purpose that minimises, with a reason that is not blank",
            )
        })?;
    }
    Ok(rules)
}

pub(super) fn suppression(root: &Obj<'_>) -> Result<SuppressionList> {
    let obj = Obj::new(
        root.required("suppression")?,
        "suppression".into(),
        &["subject_ids", "phones", "emails", "names_and_postcodes"],
    )?;
    // Collected, so that they are sorted once.
    let mut list = obj
        .items("subject_ids")?
        .into_iter()
        .map(|(path, value)| {
            value
                .as_u64()
                .map(SubjectId)
                .ok_or_else(|| invalid(&path, "a whole number"))
        })
        .collect::<Result<SuppressionList>>()?;
    for (_, phone) in obj.texts("phones")? {
        list = list.phone(phone);
    }
    for (_, email) in obj.texts("emails")? {
        list = list.email(email);
    }
    for (path, value) in obj.items("names_and_postcodes")? {
        let entry = Obj::new(value, path, &["name", "postcode"])?;
        list = list.name_and_postcode(entry.text("name")?, entry.text("postcode")?);
    }
    Ok(list)
}

/// `platforms`: each consent platform's names for purposes, categories and
/// recipients. A name is a platform's text, not the crate's, so an error
/// names the platform's section, never the name.
pub(super) fn platforms(root: &Obj<'_>) -> Result<Platforms> {
    let mut platforms = Platforms::default();
    let Some(value) = root.optional("platforms") else {
        return Ok(platforms);
    };
    let names: Vec<&str> = Platform::ALL.iter().map(|p| p.name()).collect();
    let obj = Obj::new(value, "platforms".into(), &names)?;
    for platform in Platform::ALL {
        let Some(value) = obj.optional(platform.name()) else {
            continue;
        };
        let section = Obj::new(
            value,
            obj.key(platform.name()),
            &["purposes", "categories", "recipients"],
        )?;
        let mapped = |key: &str, e| err(section.key(key), ConfigProblem::Platform(e));
        let path = section.key("purposes");
        for (name, value) in section.entries("purposes")? {
            let meaning = Obj::new(
                value,
                path.clone(),
                &["purposes", "categories", "recipients"],
            )?;
            let mut purpose = PlatformPurpose::new(purposes(&meaning, "purposes")?)
                .categories(grants(meaning.texts("categories")?)?);
            for (_, recipient) in meaning.texts("recipients")? {
                purpose = purpose.recipient(recipient);
            }
            platforms = platforms
                .purpose(platform, name, purpose)
                .map_err(|e| mapped("purposes", e))?;
        }
        let path = section.key("categories");
        for (name, value) in section.entries("categories")? {
            let list = Obj::list_texts(value, &path)?;
            platforms = platforms
                .category(platform, name, grants(list)?)
                .map_err(|e| mapped("categories", e))?;
        }
        let path = section.key("recipients");
        for (name, value) in section.entries("recipients")? {
            let organisation = value
                .as_str()
                .ok_or_else(|| invalid(&path, "an object of organisation names"))?;
            platforms = platforms
                .recipient(platform, name, organisation)
                .map_err(|e| mapped("recipients", e))?;
        }
    }
    Ok(platforms)
}

/// Category names, each with its path, to their grants.
fn grants(names: Vec<(String, &str)>) -> Result<Categories> {
    names
        .into_iter()
        .try_fold(Categories::empty(), |acc, (path, name)| {
            let one = Categories::named(name).ok_or_else(|| invalid(&path, "a category name"))?;
            Ok(acc | one)
        })
}
