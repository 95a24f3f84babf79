//! Goods release as the records hold it: the rules of [`super::issue`] and [`super::gate`]
//! run against the unit's arrears, its restrictions and the registered device keys.

use super::commands::*;
use super::commands::{NewSlip, RecordGateCheck, RegisterDeviceKey, SetReleaseRestriction};
use super::gate::{GateCheck, Released, settle};
use super::issue::{Applicant, Application, IssueRefusal, UnitStanding, check};
use super::pass::{MAX_QR_BYTES, PassItem, SignedPass};
use super::record::{
    DeviceKeyRecord, GateRecord, GrantedOverride, ReleaseRestriction, ReleaseSlip, Revoked, SlipItem,
    VoidSlip,
};
use crate::apply::{Applied, Command};
use crate::apply::{ApplyError, Ctx, RejectionCode, insert, load, name, registered_unit, reject, save, text};
use crate::field::Field;
use crate::keys::record::IdType;
use crate::keys::rules::{check_consent, last_four};
use crate::sync::{Kind, Store};
use chrono::NaiveDate;

fn invalid(field: Field, message: &str) -> ApplyError {
    reject(RejectionCode::Invalid, Some(field), message)
}

fn the_desk(ctx: &Ctx) -> Result<(), ApplyError> {
    if ctx.role.runs_the_desk() {
        Ok(())
    } else {
        Err(reject(RejectionCode::Forbidden, None, "slips are issued at the desk"))
    }
}

fn revoked(ctx: &Ctx, reason: &str) -> Result<Revoked, ApplyError> {
    Ok(Revoked {
        at: ctx.now.clone(),
        by_name: ctx.user_name.clone(),
        reason: text(Field::Reason, reason, 200)?,
    })
}

/// A desk device's public key, registered when its person signs in.
pub fn register_key(store: &mut dyn Store, ctx: &Ctx, new: &RegisterDeviceKey) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let bytes: Option<[u8; 32]> = super::pass::unhex(&new.public_hex).and_then(|b| b.try_into().ok());
    // A weak key (a small-order point, the all-zero key) verifies forged signatures.
    if bytes.and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).ok()).is_none_or(|k| k.is_weak()) {
        return Err(invalid(Field::DeviceKey, "an Ed25519 public key, hex"));
    }
    let same_again = store.get(Kind::DeviceKey, &new.id)?.is_some_and(|existing| {
        existing.body.get("public_hex").and_then(|v| v.as_str())
            == Some(new.public_hex.to_ascii_lowercase().as_str())
    });
    if !same_again && let Some(device) = &new.device_id {
        device_may_register(store, ctx, device)?;
    }
    let key = DeviceKeyRecord {
        public_hex: new.public_hex.to_ascii_lowercase(),
        label: text(Field::Label, &new.label, 40)?,
        user_id: ctx.user_id,
        user_name: ctx.user_name.clone(),
        registered_at: ctx.now.clone(),
        revoked: None,
        device_id: new.device_id.clone(),
    };
    // The same key registered again (from another person's outbox on a shared tablet)
    // changes nothing.
    if let Some(existing) = store.get(Kind::DeviceKey, &new.id)?
        && existing.body.get("public_hex").and_then(|v| v.as_str()) == Some(key.public_hex.as_str())
    {
        return Ok(());
    }
    insert(store, &new.id, &key, "a key with this id is registered")
}

/// One live key per device; after a key of the device was revoked, only a supervisor or
/// the manager signed in on it registers another (a lost tablet's session cannot simply
/// make itself a new key).
fn device_may_register(store: &dyn Store, ctx: &Ctx, device: &str) -> Result<(), ApplyError> {
    let mut revoked_before = false;
    for id in store.ids_where(Kind::DeviceKey, crate::sync::store::Indexed::DeviceId, device)? {
        let (k, _) = load::<DeviceKeyRecord>(store, &id)?;
        if k.revoked.is_none() {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::DeviceKey),
                "this device has a live key",
            ));
        }
        revoked_before = true;
    }
    if revoked_before && !matches!(ctx.role, crate::Role::Supervisor | crate::Role::Manager) {
        return Err(reject(
            RejectionCode::Forbidden,
            Some(Field::DeviceKey),
            "after a revocation, a supervisor signs in on this device",
        ));
    }
    Ok(())
}

/// A lost tablet's key: the supervisor or the manager stops it.
pub fn revoke_key(store: &mut dyn Store, ctx: &Ctx, id: &str, reason: &str) -> Result<(), ApplyError> {
    if !matches!(ctx.role, crate::Role::Supervisor | crate::Role::Manager) {
        return Err(reject(
            RejectionCode::Forbidden,
            None,
            "a key is revoked by the supervisor or the manager",
        ));
    }
    let (mut key, _) = load::<DeviceKeyRecord>(store, id)?;
    if key.revoked.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::DeviceKey), "already revoked"));
    }
    key.revoked = Some(revoked(ctx, reason)?);
    save(store, id, &key)
}

pub fn restrict(store: &mut dyn Store, ctx: &Ctx, new: &SetReleaseRestriction) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    // In the order of the form: the unit, the reason, the day.
    let unit = registered_unit(store, Field::Unit, &new.unit)?;
    let reason = text(Field::Reason, &new.reason, 200)?;
    if new.until < ctx.now.local_day() {
        return Err(invalid(Field::Window, "a restriction until today or later"));
    }
    let r = ReleaseRestriction {
        unit,
        restriction: super::issue::Restriction { reason, until: new.until },
        owner_instruction: new.owner_instruction,
        set_by_name: ctx.user_name.clone(),
        set_at: ctx.now.clone(),
        lifted: None,
    };
    insert(store, &new.id, &r, "a restriction with this id exists")
}

pub fn lift(store: &mut dyn Store, ctx: &Ctx, id: &str, reason: &str) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let (mut r, _) = load::<ReleaseRestriction>(store, id)?;
    // The owner's instruction is lifted by the supervisor or the manager, not the desk that
    // would then issue the slip.
    if r.owner_instruction && !matches!(ctx.role, crate::Role::Supervisor | crate::Role::Manager) {
        return Err(reject(
            RejectionCode::Forbidden,
            Some(Field::Restriction),
            "the owner's instruction is lifted by the supervisor",
        ));
    }
    if r.lifted.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Restriction), "already lifted"));
    }
    r.lifted = Some(revoked(ctx, reason)?);
    save(store, id, &r)
}

/// The restriction in force on `unit` on `day`, if any.
pub fn restriction_on(
    store: &dyn Store,
    unit: &str,
    day: NaiveDate,
) -> Result<Option<ReleaseRestriction>, ApplyError> {
    for id in store.ids_where(Kind::ReleaseRestriction, crate::sync::store::Indexed::Unit, unit)? {
        let (r, _) = load::<ReleaseRestriction>(store, &id)?;
        if r.holds_on(day) {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

fn applicant(
    a: &Applicant,
    now: &crate::clock::Timestamp,
    slack: chrono::Duration,
) -> Result<Applicant, ApplyError> {
    Ok(match a {
        Applicant::Owner { name: n } => Applicant::Owner { name: name(Field::SlipApplicant, n)? },
        Applicant::Authorised { name: n, id_type, id_last4, consent, letter } => {
            let (id_last4, letter) = match (id_type, letter) {
                (IdType::OwnersLetter, Some(l)) => {
                    crate::photo::check_refs(std::slice::from_ref(l))?;
                    (String::new(), Some(l.clone()))
                }
                (IdType::OwnersLetter, None) => {
                    return Err(invalid(Field::Letter, "a photo of the owner's letter"));
                }
                (t, _) => {
                    (last_four(*t, id_last4).ok_or_else(|| invalid(Field::IdLast4, "the ID's last 4"))?, None)
                }
            };
            Applicant::Authorised {
                name: name(Field::SlipApplicant, n)?,
                id_type: *id_type,
                id_last4,
                consent: check_consent(consent, now, slack)?,
                letter,
            }
        }
    })
}

fn items(items: &[SlipItem]) -> Result<Vec<SlipItem>, ApplyError> {
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        if !i.photos.is_empty() {
            crate::photo::check_refs(&i.photos)?;
        }
        out.push(SlipItem { name: i.name.trim().to_string(), ..i.clone() });
    }
    Ok(out)
}

fn refusal(r: IssueRefusal) -> ApplyError {
    let message = r.to_string();
    match r {
        IssueRefusal::Identity => reject(RejectionCode::Invalid, Some(Field::SlipApplicant), message),
        IssueRefusal::Items => reject(RejectionCode::Invalid, Some(Field::Goods), message),
        IssueRefusal::Window => reject(RejectionCode::Invalid, Some(Field::Window), message),
        IssueRefusal::Arrears => reject(RejectionCode::Conflict, Some(Field::Arrears), message),
        IssueRefusal::Restricted { .. } => reject(RejectionCode::Conflict, Some(Field::Restriction), message),
    }
}

/// The pass must say exactly what the slip says, signed by a registered device key that is
/// not revoked.
fn check_pass(store: &dyn Store, id: &str, slip: &NewSlip, items: &[SlipItem]) -> Result<(), ApplyError> {
    let p = &slip.pass.pass;
    let goods: Vec<PassItem> =
        items.iter().map(|i| PassItem { name: i.name.clone(), quantity: i.quantity }).collect();
    let same = p.slip_id == id
        && p.unit == crate::property::canonical_unit(&slip.unit)
        && p.items == goods
        && p.plate == slip.plate
        && p.from == slip.from
        && p.until == slip.until;
    if !same {
        return Err(invalid(Field::Slip, "the slip's code does not say what the slip says"));
    }
    if slip.pass.qr_text().len() > MAX_QR_BYTES {
        return Err(invalid(
            Field::SlipSize,
            "too many goods for one slip's code: split them over two slips",
        ));
    }
    let key = match store.get(Kind::DeviceKey, &p.key_id)? {
        Some(_) => load::<DeviceKeyRecord>(store, &p.key_id)?.0,
        None => {
            return Err(reject(
                RejectionCode::Conflict,
                Some(Field::DeviceKey),
                "the device's key is not registered",
            ));
        }
    };
    // The device's key, whoever at the counter signed in on it.
    if key.revoked.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::DeviceKey), "the device's key is revoked"));
    }
    slip.pass.verify(&key.public_hex).map_err(|_| invalid(Field::Slip, "the slip's signature does not match"))
}

/// 开具放行条: every check of [`check`] against the records, then the signed pass.
pub fn issue(store: &mut dyn Store, ctx: &Ctx, id: &str, slip: &NewSlip) -> Result<(), ApplyError> {
    the_desk(ctx)?;
    let unit = registered_unit(store, Field::Unit, &slip.unit)?;
    let who = applicant(&slip.applicant, &ctx.now, crate::apply::typed_time_slack(store))?;
    let goods = items(&slip.items)?;
    let plate = match slip.plate.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => Some(text(Field::Plate, p, 12)?),
        _ => None,
    };
    if plate != slip.plate {
        return Err(invalid(Field::Plate, "the plate as printed, up to 12 characters"));
    }
    let today = ctx.now.local_day();
    let owes = crate::arrears::rules::owes(store, &unit)?;
    let restriction = restriction_on(store, &unit, today)?;
    let pass_items: Vec<PassItem> =
        goods.iter().map(|i| PassItem { name: i.name.clone(), quantity: i.quantity }).collect();
    let app = Application {
        applicant: &who,
        items: &pass_items,
        from: slip.from,
        until: slip.until,
        arrears_override: slip.arrears_override.as_ref(),
    };
    let standing = UnitStanding { owes, restriction: restriction.as_ref().map(|r| &r.restriction) };
    check(&app, standing, ctx.role, today).map_err(refusal)?;
    if let Some(d) = &slip.decoration_id {
        let (decoration, _) = load::<crate::decoration::record::Decoration>(store, d)?;
        if decoration.unit != unit || !decoration.progress.status.lets_goods_out() {
            return Err(invalid(Field::Decoration, "decoration goods go out under this unit's permit"));
        }
    }
    check_pass(store, id, slip, &goods)?;
    let record = ReleaseSlip {
        unit,
        applicant: who,
        items: goods,
        plate,
        from: slip.from,
        until: slip.until,
        decoration_id: slip.decoration_id.clone(),
        // Kept only where it let the slip out.
        arrears_override: slip
            .arrears_override
            .as_ref()
            .filter(|_| owes)
            .map(|o| GrantedOverride { reason: o.reason.trim().to_string(), by_name: ctx.user_name.clone() }),
        pass: slip.pass.clone(),
        issued_by: ctx.user_id,
        issued_by_name: ctx.user_name.clone(),
        issued_at: ctx.now.clone(),
    };
    insert(store, id, &record, "a slip with this id exists")?;
    // Sent again once the reason went away (arrears paid): the slip stands, no longer void.
    if store.get(Kind::VoidSlip, id)?.is_some() {
        store.delete(Kind::VoidSlip, id)?;
    }
    Ok(())
}

/// The unit's decorations whose goods may go out under their permit (for the slip form).
pub fn permitted_decorations(
    store: &dyn Store,
    unit: &str,
) -> Result<Vec<(String, crate::decoration::record::Decoration)>, ApplyError> {
    let mut out = Vec::new();
    for id in store.ids_where(Kind::Decoration, crate::sync::store::Indexed::Unit, unit)? {
        let (d, _) = load::<crate::decoration::record::Decoration>(store, &id)?;
        if d.progress.status.lets_goods_out() {
            out.push((id, d));
        }
    }
    Ok(out)
}

/// The gate's decisions on one slip, in the order the server took them.
pub fn checks_of(store: &dyn Store, slip_id: &str) -> Result<Vec<(u64, GateRecord)>, ApplyError> {
    let mut out = Vec::new();
    for id in store.ids_where(Kind::GateCheck, crate::sync::store::Indexed::SlipId, slip_id)? {
        let (record, version) = load::<GateRecord>(store, &id)?;
        out.push((version, record));
    }
    // A check not yet confirmed by the server (version 0) comes after those that are.
    out.sort_by_key(|(v, r)| (if *v == 0 { u64::MAX } else { *v }, r.check.at.clone()));
    Ok(out)
}

/// Who let the slip out first, if anyone did.
pub fn released(checks: &[(u64, GateRecord)]) -> Option<Released> {
    let plain: Vec<GateCheck> = checks.iter().map(|(_, r)| r.check.clone()).collect();
    settle(&plain).released.map(|i| Released { at: plain[i].at.clone(), by_name: plain[i].by_name.clone() })
}

/// 门岗核验: what the guard decided is kept as decided. A release needs a slip signed by a
/// registered key and copy 2 kept; a second release of one slip (two gates offline) is
/// kept too, and settled as a conflict for the security supervisor.
pub fn gate_check(store: &mut dyn Store, ctx: &Ctx, c: &RecordGateCheck) -> Result<(), ApplyError> {
    if ctx.role != crate::Role::Security {
        return Err(reject(RejectionCode::Forbidden, None, "the gate checks slips"));
    }
    if c.pass.pass.slip_id != c.slip_id {
        return Err(invalid(Field::Slip, "the check is of another slip"));
    }
    if c.released {
        let key = store
            .get(Kind::DeviceKey, &c.pass.pass.key_id)?
            .map(|_| load::<DeviceKeyRecord>(store, &c.pass.pass.key_id))
            .transpose()?
            .ok_or_else(|| invalid(Field::Slip, "no registered device signed this slip"))?;
        c.pass
            .verify(&key.0.public_hex)
            .map_err(|_| invalid(Field::Slip, "the slip's signature does not match"))?;
        if !c.copy_kept {
            return Err(invalid(Field::CopyKept, "copy 2 stays at the gate"));
        }
    }
    let reason = if c.released { String::new() } else { text(Field::Reason, &c.reason, 200)? };
    // The server runs the gate's verdict over everything it holds: a release the phone should
    // not have made stands (the goods are out) and goes to the top of the reconciliation.
    let against_rules =
        if c.released && store.holds_everything() { against_rules(store, ctx, c)? } else { None };
    let record = GateRecord {
        slip_id: c.slip_id.clone(),
        pass: c.pass.clone(),
        check: GateCheck {
            at: ctx.now.clone(),
            by_name: ctx.user_name.clone(),
            released: c.released,
            reason,
        },
        by: ctx.user_id,
        copy_kept: c.released && c.copy_kept,
        gate_time: c.gate_time.chars().take(16).collect(),
        against_rules,
    };
    insert(store, &c.id, &record, "this check is recorded")
}

/// What the server's verdict says of a release, where it is not a plain valid one. A second
/// release is settled as a conflict, not flagged here; a slip whose last day was yesterday
/// passes (a gate offline overnight syncs the next morning).
fn against_rules(
    store: &dyn Store,
    ctx: &Ctx,
    c: &RecordGateCheck,
) -> Result<Option<super::gate::Verdict>, ApplyError> {
    use super::gate::Verdict as V;
    let today = ctx.now.local_day();
    let (_, verdict) = verdict_at_gate(store, &c.pass.qr_text(), today)?;
    Ok(match verdict {
        V::Valid | V::AlreadyReleased { .. } => None,
        V::Expired { until } if until + chrono::Duration::days(1) >= today => None,
        other => Some(other),
    })
}

/// What a gate decides about a scanned code, from what its store holds: on the guard's
/// phone (the keys, slips, voids and releases it has pulled) and on the server, which holds
/// everything, so a slip it never issued is refused there too.
pub fn verdict_at_gate(
    store: &dyn Store,
    text_scanned: &str,
    today: NaiveDate,
) -> Result<(Option<SignedPass>, super::gate::Verdict), ApplyError> {
    let scanned = SignedPass::from_qr(text_scanned).ok();
    let slip_id = scanned.as_ref().map(|s| s.pass.slip_id.clone()).unwrap_or_default();
    let mut keys = Vec::new();
    if let Some(s) = &scanned
        && store.get(Kind::DeviceKey, &s.pass.key_id)?.is_some()
    {
        keys.push(load::<DeviceKeyRecord>(store, &s.pass.key_id)?.0.gate_key(&s.pass.key_id));
    }
    let held_one = |kind: Kind| -> Result<bool, ApplyError> {
        Ok(!slip_id.is_empty() && store.get(kind, &slip_id)?.is_some())
    };
    let done = if slip_id.is_empty() { None } else { released(&checks_of(store, &slip_id)?) };
    let issued =
        if held_one(Kind::ReleaseSlip)? { Some(load::<ReleaseSlip>(store, &slip_id)?.0) } else { None };
    let void = if held_one(Kind::VoidSlip)? { Some(load::<VoidSlip>(store, &slip_id)?.0) } else { None };
    // The unit as issued, or as the code says where this phone has not received the slip.
    let unit = issued
        .as_ref()
        .map(|s| s.unit.clone())
        .or_else(|| scanned.as_ref().map(|s| crate::property::canonical_unit(&s.pass.unit)));
    let restriction = match &unit {
        Some(u) => restriction_on(store, u, today)?,
        None => None,
    };
    let held = super::gate::Held {
        released: done.as_ref(),
        issued: issued.as_ref().map(|s| &s.pass),
        restriction: restriction.as_ref().map(|r| &r.restriction),
        void: void.as_ref(),
        complete: store.holds_everything(),
    };
    Ok(super::gate::check(text_scanned, &keys, held, today))
}

/// The server refused the slip `id` the desk sent: the gates learn it (its printed code
/// must let nothing out). Not where the id is a slip that stands (a second send of it).
/// Whether it wrote anything. A change refused as not the sender's to make voids nothing.
pub fn void_refused(
    store: &mut dyn Store,
    ctx: &Ctx,
    id: &str,
    slip: &NewSlip,
    why: &crate::apply::Rejection,
) -> Result<bool, ApplyError> {
    // Only a slip's own id (a UUID the desk made), and not a refusal of the id itself.
    if !crate::ids::is_uuid(id)
        || why.field == Some(Field::Id)
        || why.code == RejectionCode::Forbidden
        || !ctx.role.runs_the_desk()
    {
        return Ok(false);
    }
    if store.get(Kind::ReleaseSlip, id)?.is_some() || store.get(Kind::VoidSlip, id)?.is_some() {
        return Ok(false);
    }
    let void = VoidSlip {
        unit: crate::property::canonical_unit(&slip.unit),
        code: why.code,
        field: why.field,
        message: why.message.clone(),
        issued_by_name: ctx.user_name.clone(),
        refused_at: ctx.now.clone(),
    };
    save(store, id, &void)?;
    Ok(true)
}

// Each change a device can make about this ledger, applied by the rules above; the
// commands' wire forms are in `commands.rs`, which needs nothing from here.

impl Command for RegisterDeviceKey {
    crate::apply::about_record!(Kind::DeviceKey);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        register_key(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for RevokeDeviceKey {
    crate::apply::about_record!(Kind::DeviceKey);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        revoke_key(store, ctx, &self.id, &self.reason)?;
        Ok(Applied::Done)
    }
}

impl Command for SetReleaseRestriction {
    crate::apply::about_record!(Kind::ReleaseRestriction);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        restrict(store, ctx, self)?;
        Ok(Applied::Done)
    }
}

impl Command for LiftReleaseRestriction {
    crate::apply::about_record!(Kind::ReleaseRestriction);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        lift(store, ctx, &self.id, &self.reason)?;
        Ok(Applied::Done)
    }
}

impl Command for IssueReleaseSlip {
    crate::apply::about_record!(Kind::ReleaseSlip);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        issue(store, ctx, &self.id, &self.slip)?;
        Ok(Applied::Done)
    }
}

impl Command for RecordGateCheck {
    crate::apply::about_record!(Kind::GateCheck);
    fn new_ids(&self) -> Vec<&str> {
        vec![&self.slip_id]
    }
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        gate_check(store, ctx, self)?;
        Ok(Applied::Done)
    }
}
