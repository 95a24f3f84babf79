//! 临时动火作业: welding or cutting during a decoration. The contractor applies at the desk →
//! customer service approves → engineering approves → the permit is issued with its
//! precautions; security checks the work while it goes on (the checks join the patrol's
//! checklist on the permit's day).

use super::checklist::ChecklistItem;
use super::lifecycle::DecorationStatus;
use super::record::Decoration;
use crate::Role;
use crate::apply::{ApplyError, Ctx, RejectionCode, load, reject, save, text};
use crate::field::Field;
use crate::sync::{Kind, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewHotWork {
    pub decoration_id: String,
    /// Who will do the work (from the contractor).
    pub applicant: String,
    /// What: 电焊 / 切割 …
    pub work: String,
    /// Where in the unit.
    pub location: String,
    /// `YYYY-MM-DD`
    pub date: String,
    /// `09:00-11:00`
    pub hours: String,
    /// The fire watcher who stays for the whole job.
    pub fire_watcher: String,
    pub extinguishers: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HotWorkStatus {
    Applied,
    ServiceApproved,
    /// The permit is issued.
    Approved,
    /// Refused at one of the reviews; the contractor applies again.
    Returned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum HotWorkAction {
    Approve,
    Return { reasons: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotWorkStep {
    pub at: crate::clock::Timestamp,
    pub by_name: String,
    pub role: Role,
    pub action: Option<HotWorkAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotWorkPermit {
    #[serde(flatten)]
    pub application: NewHotWork,
    pub unit: String,
    pub status: HotWorkStatus,
    /// Printed on the permit; copied when issued.
    pub precautions: Vec<String>,
    /// Applied first, then each review; only ever appended to.
    pub history: Vec<HotWorkStep>,
}

/// Printed on every permit (the contractor signs that they read them).
pub fn precautions() -> Vec<String> {
    [
        "动火点周边易燃物清理干净",
        "配备灭火器，监护人全程在场",
        "只在许可证所列时间、地点动火",
        "完工后检查现场，确认无余火方可离开",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// What security checks while the work goes on: added to the decoration's patrol checklist
/// on the permit's day. All major: an unsafe hot work is a notice, not a word.
pub fn checks() -> Vec<ChecklistItem> {
    super::checklist::items(&super::wording::HOT_WORK)
}

impl HotWorkPermit {
    /// An issued permit for `day`.
    pub fn approved_on(&self, day: NaiveDate) -> bool {
        self.status == HotWorkStatus::Approved && self.application.date.parse::<NaiveDate>().ok() == Some(day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HotWorkError {
    #[error("{0:?} may not take this step")]
    Forbidden(Role),
    #[error("the permit is {0:?}")]
    WrongStatus(HotWorkStatus),
}

/// The review chain: customer service (the desk) first, then engineering.
pub fn next(
    status: HotWorkStatus,
    role: Role,
    action: &HotWorkAction,
) -> Result<HotWorkStatus, HotWorkError> {
    let reviewer = match status {
        HotWorkStatus::Applied => role.runs_the_desk(),
        HotWorkStatus::ServiceApproved => role == Role::Engineering,
        other => return Err(HotWorkError::WrongStatus(other)),
    };
    if !reviewer {
        return Err(HotWorkError::Forbidden(role));
    }
    Ok(match (status, action) {
        (_, HotWorkAction::Return { .. }) => HotWorkStatus::Returned,
        (HotWorkStatus::Applied, HotWorkAction::Approve) => HotWorkStatus::ServiceApproved,
        _ => HotWorkStatus::Approved,
    })
}

fn step(ctx: &Ctx, action: Option<HotWorkAction>) -> HotWorkStep {
    HotWorkStep { at: ctx.now.clone(), by_name: ctx.user_name.clone(), role: ctx.role, action }
}

pub fn apply_for(store: &mut dyn Store, ctx: &Ctx, id: &str, a: &NewHotWork) -> Result<(), ApplyError> {
    if !ctx.role.runs_the_desk() {
        return Err(reject(RejectionCode::Forbidden, None, "the desk takes hot-work applications"));
    }
    let (d, _) = load::<Decoration>(store, &a.decoration_id)?;
    if d.progress.status != DecorationStatus::UnderWay {
        return Err(reject(RejectionCode::Conflict, None, "hot work only while the decoration is under way"));
    }
    a.date
        .parse::<NaiveDate>()
        .map_err(|_| reject(RejectionCode::Invalid, Some(Field::Date), "date must be a date"))?;
    if a.extinguishers == 0 || a.extinguishers > 20 {
        return Err(reject(RejectionCode::Invalid, Some(Field::Extinguishers), "at least one extinguisher"));
    }
    if store.get(Kind::HotWorkPermit, id)?.is_some() {
        return Err(reject(RejectionCode::Conflict, Some(Field::Id), "a permit with this id exists"));
    }
    let application = NewHotWork {
        decoration_id: a.decoration_id.clone(),
        applicant: text(Field::Applicant, &a.applicant, 40)?,
        work: text(Field::Work, &a.work, 60)?,
        location: text(Field::Location, &a.location, 60)?,
        date: a.date.clone(),
        hours: text(Field::Hours, &a.hours, 40)?,
        fire_watcher: crate::apply::name(Field::FireWatcher, &a.fire_watcher)?,
        extinguishers: a.extinguishers,
    };
    let permit = HotWorkPermit {
        application,
        unit: d.unit,
        status: HotWorkStatus::Applied,
        precautions: Vec::new(),
        history: vec![step(ctx, None)],
    };
    save(store, id, &permit)
}

pub fn act(store: &mut dyn Store, ctx: &Ctx, id: &str, action: &HotWorkAction) -> Result<(), ApplyError> {
    let (mut p, _) = load::<HotWorkPermit>(store, id)?;
    if let HotWorkAction::Return { reasons } = action {
        text(Field::Reasons, reasons, 500)?;
    }
    p.status = next(p.status, ctx.role, action).map_err(|e| match e {
        HotWorkError::Forbidden(_) => reject(RejectionCode::Forbidden, None, e.to_string()),
        HotWorkError::WrongStatus(_) => reject(RejectionCode::Conflict, None, e.to_string()),
    })?;
    if p.status == HotWorkStatus::Approved {
        p.precautions = precautions();
    }
    p.history.push(step(ctx, Some(action.clone())));
    save(store, id, &p)
}

impl crate::apply::Record for HotWorkPermit {
    const KIND: crate::sync::Kind = crate::sync::Kind::HotWorkPermit;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoration::checklist::Severity;
    use HotWorkStatus::*;

    #[test]
    fn customer_service_then_engineering_approve() {
        let approve = HotWorkAction::Approve;
        assert_eq!(
            next(Applied, Role::Engineering, &approve),
            Err(HotWorkError::Forbidden(Role::Engineering))
        );
        assert_eq!(next(Applied, Role::Receptionist, &approve), Ok(ServiceApproved));
        assert_eq!(
            next(ServiceApproved, Role::Receptionist, &approve),
            Err(HotWorkError::Forbidden(Role::Receptionist))
        );
        assert_eq!(next(ServiceApproved, Role::Engineering, &approve), Ok(Approved));
        assert_eq!(next(Approved, Role::Engineering, &approve), Err(HotWorkError::WrongStatus(Approved)));
        let back = HotWorkAction::Return { reasons: "无监护人".into() };
        assert_eq!(next(ServiceApproved, Role::Engineering, &back), Ok(Returned));
        assert_eq!(next(Returned, Role::Manager, &approve), Err(HotWorkError::WrongStatus(Returned)));
    }

    #[test]
    fn the_checks_are_major_and_only_on_the_permits_day() {
        assert!(checks().iter().all(|c| c.severity == Severity::Major));
        let permit = HotWorkPermit {
            application: NewHotWork {
                decoration_id: "d".into(),
                applicant: "王师傅".into(),
                work: "电焊".into(),
                location: "阳台".into(),
                date: "2026-11-23".into(),
                hours: "09:00-11:00".into(),
                fire_watcher: "赵师傅".into(),
                extinguishers: 2,
            },
            unit: "1栋-201".into(),
            status: Approved,
            precautions: precautions(),
            history: vec![],
        };
        assert!(permit.approved_on("2026-11-23".parse().unwrap()));
        assert!(!permit.approved_on("2026-11-24".parse().unwrap()));
        let applied = HotWorkPermit { status: ServiceApproved, ..permit };
        assert!(!applied.approved_on("2026-11-23".parse().unwrap()));
    }
}
