//! The named mutations: every change a device can make, with its rules. The same `apply`
//! runs on the device (optimistically) and on the server (authoritatively).

use super::records::Kind;
use super::store::Store;
#[cfg(test)]
use crate::Role;
use crate::apply::{record_id, reject};
pub use crate::apply::{Applied, ApplyError, Ctx, Rejection, RejectionCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Internally tagged (`{"name": "record_visit_exit", "id": …}`): an adjacently tagged enum
// compiles every variant's reader twice, 85 KB of the app's wasm. Read through
// [`either_form`], which still takes the `{"name", "args"}` form older apps stored.
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Mutation {
    /// 来访登记: a visitor arrives.
    RegisterVisit { id: String, visitor_name: String, unit: String, purpose: String },
    /// The visitor leaves. Recording it twice is a conflict: the first exit time stands.
    RecordVisitExit { id: String },
    /// Correct the purpose. `base_version` is the version the user edited; when another
    /// edit landed in between, the last one in server order wins and the overwrite is
    /// reported back (see [`Applied::Overwrote`]).
    UpdateVisitPurpose { id: String, purpose: String, base_version: u64 },
    /// A visit registered by mistake, withdrawn before the visitor left.
    WithdrawVisit { id: String },
    /// 值班日志: append an entry (or a correction of an earlier one).
    AppendDutyLog { id: String, text: String, corrects: Option<String> },
    /// 工单 intake: the ticket and its first timeline entry.
    CreateTicket { id: String, event_id: String, ticket: crate::ticket::apply::NewTicket },
    /// A step in the ticket's lifecycle (dispatch, accept, on site, complete, return visit…).
    ActOnTicket {
        ticket_id: String,
        event_id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        action: crate::ticket::lifecycle::Action,
        /// What the worker or the desk wrote beside the step (说明): kept on its timeline
        /// entry. Actions whose text is the step itself (a reply, a return visit) carry none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Stop the SLA clock while the ticket waits on the owner.
    PauseTicket { ticket_id: String, event_id: String, reason: String },
    /// Restart it.
    ResumeTicket { ticket_id: String, event_id: String },
    /// The handling plan (escalated tickets: supervisor or manager).
    RecordTicketPlan { ticket_id: String, event_id: String, plan: String },
    /// The desk called the owner about a late arrival: why, and the new completion time.
    ExplainLateArrival { ticket_id: String, event_id: String, explanation: String, new_completion: String },
    /// Revoke the owner's link; with a new hash, a reprinted receipt carries the new one.
    ChangeOwnerLink { ticket_id: String, event_id: String, owner_token_hash: Option<String> },
    /// 装修申请, compiled at the desk with its documents.
    ApplyDecoration {
        id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        application: crate::decoration::record::NewDecoration,
    },
    /// A review, the permit, acceptance, the refund…
    ActOnDecoration {
        id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        action: crate::decoration::lifecycle::DecorationAction,
    },
    /// A patrol's checklist (a decoration, a route, a vacant unit); a decoration's failures
    /// raise a notice, and any failure may raise a repair ticket.
    RecordPatrol {
        id: String,
        #[serde(flatten)]
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        subject: crate::patrol::subject::PatrolSubject,
        /// The checklist as walked (empty: the plan's).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        checklist: Vec<crate::decoration::checklist::ChecklistItem>,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        results: Vec<crate::decoration::checklist::ItemResult>,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
        notice: Option<crate::patrol::apply::PatrolNotice>,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        tickets: Vec<crate::patrol::apply::PatrolTicket>,
    },
    /// 临时动火 applied for at the desk.
    ApplyHotWork {
        id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        application: crate::decoration::hot_work::NewHotWork,
    },
    /// Customer service's, then engineering's review.
    ActOnHotWork {
        id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        action: crate::decoration::hot_work::HotWorkAction,
    },
    /// The manager saves the settings (patrol plan, holidays) whole.
    SaveSettings {
        id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        settings: crate::settings::Settings,
    },
    /// The re-inspection of a notice on its deadline.
    ReinspectNotice { id: String, rectified: bool, note: String, deduction: u64 },
    /// Photos of the problem (at intake) or of the work (before/after).
    AttachTicketPhotos {
        ticket_id: String,
        event_id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        stage: crate::ticket::record::PhotoStage,
        photos: Vec<crate::photo::PhotoRef>,
    },
}

/// Reads a mutation in either form: the current one, or `{"name": …, "args": {…}}` as apps
/// before 2026-11-22 wrote it — outboxes stored by such an app, and pushes from a tab still
/// running one, must land. Used by every container that carries mutations.
pub fn either_form<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Mutation, D::Error> {
    let mut v = Value::deserialize(d)?;
    if let Value::Object(map) = &mut v
        && let Some(Value::Object(args)) = map.remove("args")
    {
        map.extend(args);
    }
    Mutation::deserialize(v).map_err(serde::de::Error::custom)
}

impl Mutation {
    pub fn kind(&self) -> Kind {
        match self {
            Mutation::RegisterVisit { .. }
            | Mutation::RecordVisitExit { .. }
            | Mutation::UpdateVisitPurpose { .. }
            | Mutation::WithdrawVisit { .. } => Kind::Visit,
            Mutation::AppendDutyLog { .. } => Kind::DutyLogEntry,
            Mutation::CreateTicket { .. }
            | Mutation::ActOnTicket { .. }
            | Mutation::PauseTicket { .. }
            | Mutation::ResumeTicket { .. }
            | Mutation::RecordTicketPlan { .. }
            | Mutation::ExplainLateArrival { .. }
            | Mutation::ChangeOwnerLink { .. }
            | Mutation::AttachTicketPhotos { .. } => Kind::Ticket,
            Mutation::ApplyDecoration { .. } | Mutation::ActOnDecoration { .. } => Kind::Decoration,
            Mutation::RecordPatrol { .. } => Kind::Patrol,
            Mutation::ReinspectNotice { .. } => Kind::RectificationNotice,
            Mutation::ApplyHotWork { .. } | Mutation::ActOnHotWork { .. } => Kind::HotWorkPermit,
            Mutation::SaveSettings { .. } => Kind::Settings,
        }
    }

    /// The mutation's name as it travels (`append_duty_log`).
    pub fn name(&self) -> &'static str {
        match self {
            Mutation::RegisterVisit { .. } => "register_visit",
            Mutation::RecordVisitExit { .. } => "record_visit_exit",
            Mutation::UpdateVisitPurpose { .. } => "update_visit_purpose",
            Mutation::WithdrawVisit { .. } => "withdraw_visit",
            Mutation::AppendDutyLog { .. } => "append_duty_log",
            Mutation::CreateTicket { .. } => "create_ticket",
            Mutation::ActOnTicket { .. } => "act_on_ticket",
            Mutation::PauseTicket { .. } => "pause_ticket",
            Mutation::ResumeTicket { .. } => "resume_ticket",
            Mutation::RecordTicketPlan { .. } => "record_ticket_plan",
            Mutation::ExplainLateArrival { .. } => "explain_late_arrival",
            Mutation::ChangeOwnerLink { .. } => "change_owner_link",
            Mutation::AttachTicketPhotos { .. } => "attach_ticket_photos",
            Mutation::ApplyDecoration { .. } => "apply_decoration",
            Mutation::ActOnDecoration { .. } => "act_on_decoration",
            Mutation::RecordPatrol { .. } => "record_patrol",
            Mutation::ReinspectNotice { .. } => "reinspect_notice",
            Mutation::ApplyHotWork { .. } => "apply_hot_work",
            Mutation::ActOnHotWork { .. } => "act_on_hot_work",
            Mutation::SaveSettings { .. } => "save_settings",
        }
    }

    /// The record this mutation is about.
    pub fn record_id(&self) -> &str {
        match self {
            Mutation::RegisterVisit { id, .. }
            | Mutation::RecordVisitExit { id }
            | Mutation::UpdateVisitPurpose { id, .. }
            | Mutation::WithdrawVisit { id }
            | Mutation::AppendDutyLog { id, .. }
            | Mutation::CreateTicket { id, .. }
            | Mutation::ApplyDecoration { id, .. }
            | Mutation::ActOnDecoration { id, .. }
            | Mutation::RecordPatrol { id, .. }
            | Mutation::ReinspectNotice { id, .. }
            | Mutation::ApplyHotWork { id, .. }
            | Mutation::ActOnHotWork { id, .. }
            | Mutation::SaveSettings { id, .. } => id,
            Mutation::ActOnTicket { ticket_id, .. }
            | Mutation::PauseTicket { ticket_id, .. }
            | Mutation::ResumeTicket { ticket_id, .. }
            | Mutation::RecordTicketPlan { ticket_id, .. }
            | Mutation::ExplainLateArrival { ticket_id, .. }
            | Mutation::ChangeOwnerLink { ticket_id, .. }
            | Mutation::AttachTicketPhotos { ticket_id, .. } => ticket_id,
        }
    }

    /// Validates against `store` and applies. Leaves `store` unchanged when it fails: the
    /// writes are staged and reach `store` only if the whole mutation succeeded.
    pub fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let mut staged = super::store::Staged::new(store);
        let applied = self.apply_staged(&mut staged, ctx)?;
        staged.commit()?;
        Ok(applied)
    }

    fn apply_staged(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        let kind = self.kind();
        if !kind.visible_to(ctx.role) {
            return Err(reject(
                RejectionCode::Forbidden,
                None,
                format!("{:?} may not change {kind:?}", ctx.role),
            ));
        }
        record_id(self.record_id())?;
        match self {
            Mutation::CreateTicket { id, event_id, ticket } => {
                record_id(event_id)?;
                // The intake form is the desk's and the patrols'; other roles raise tickets
                // only from a patrol's failed item (see `patrol::apply`).
                if !ctx.role.takes_tickets() {
                    return Err(reject(RejectionCode::Forbidden, None, "this role does not take tickets"));
                }
                crate::ticket::apply::create(store, ctx, id, event_id, ticket)?;
                Ok(Applied::Done)
            }
            Mutation::ActOnTicket { ticket_id, event_id, action, note } => {
                record_id(event_id)?;
                crate::ticket::apply::act(store, ctx, ticket_id, event_id, action, note.as_deref())?;
                Ok(Applied::Done)
            }
            Mutation::PauseTicket { ticket_id, event_id, reason } => {
                record_id(event_id)?;
                crate::ticket::apply::pause(store, ctx, ticket_id, event_id, Some(reason))?;
                Ok(Applied::Done)
            }
            Mutation::ResumeTicket { ticket_id, event_id } => {
                record_id(event_id)?;
                crate::ticket::apply::pause(store, ctx, ticket_id, event_id, None)?;
                Ok(Applied::Done)
            }
            Mutation::RecordTicketPlan { ticket_id, event_id, plan } => {
                record_id(event_id)?;
                crate::ticket::apply::record_plan(store, ctx, ticket_id, event_id, plan)?;
                Ok(Applied::Done)
            }
            Mutation::ExplainLateArrival { ticket_id, event_id, explanation, new_completion } => {
                record_id(event_id)?;
                crate::ticket::apply::explain_late(
                    store,
                    ctx,
                    ticket_id,
                    event_id,
                    explanation,
                    new_completion,
                )?;
                Ok(Applied::Done)
            }
            Mutation::ApplyDecoration { id, application } => {
                crate::decoration::apply::apply_for(store, ctx, id, application)?;
                Ok(Applied::Done)
            }
            Mutation::ActOnDecoration { id, action } => {
                crate::decoration::apply::act(store, ctx, id, action)?;
                Ok(Applied::Done)
            }
            Mutation::RecordPatrol { id, subject, checklist, results, notice, tickets } => {
                for t in tickets {
                    record_id(&t.ticket_id)?;
                    record_id(&t.event_id)?;
                    record_id(&t.photos_event_id)?;
                }
                if let Some(n) = notice {
                    record_id(&n.id)?;
                }
                let patrol = crate::patrol::apply::NewPatrol {
                    subject,
                    checklist,
                    results,
                    notice: notice.as_ref(),
                    tickets,
                };
                crate::patrol::apply::record_patrol(store, ctx, id, patrol)?;
                Ok(Applied::Done)
            }
            Mutation::ApplyHotWork { id, application } => {
                crate::decoration::hot_work::apply_for(store, ctx, id, application)?;
                Ok(Applied::Done)
            }
            Mutation::ActOnHotWork { id, action } => {
                crate::decoration::hot_work::act(store, ctx, id, action)?;
                Ok(Applied::Done)
            }
            Mutation::SaveSettings { id, settings } => {
                crate::settings::replace(store, ctx, id, settings)?;
                Ok(Applied::Done)
            }
            Mutation::ReinspectNotice { id, rectified, note, deduction } => {
                crate::decoration::apply::reinspect(store, ctx, id, *rectified, note, *deduction)?;
                Ok(Applied::Done)
            }
            Mutation::AttachTicketPhotos { ticket_id, event_id, stage, photos } => {
                record_id(event_id)?;
                crate::ticket::apply::attach_photos(store, ctx, ticket_id, event_id, *stage, photos)?;
                Ok(Applied::Done)
            }
            Mutation::ChangeOwnerLink { ticket_id, event_id, owner_token_hash } => {
                record_id(event_id)?;
                let hash = owner_token_hash.as_deref();
                crate::ticket::apply::change_owner_link(store, ctx, ticket_id, event_id, hash)?;
                Ok(Applied::Done)
            }
            Mutation::RegisterVisit { id, visitor_name, unit, purpose } => {
                crate::visit::register(store, ctx, id, visitor_name, unit, purpose)?;
                Ok(Applied::Done)
            }
            Mutation::RecordVisitExit { id } => {
                crate::visit::record_exit(store, ctx, id)?;
                Ok(Applied::Done)
            }
            Mutation::UpdateVisitPurpose { id, purpose, base_version } => {
                crate::visit::update_purpose(store, id, purpose, *base_version)
            }
            Mutation::WithdrawVisit { id } => {
                crate::visit::withdraw(store, id)?;
                Ok(Applied::Done)
            }
            Mutation::AppendDutyLog { id, text: body, corrects } => {
                crate::duty_log::append(store, ctx, id, body, corrects.as_deref())?;
                Ok(Applied::Done)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::store::MemStore;
    use crate::visit::Visit;

    const V: &str = "0190f5c2-7d1a-7000-8000-000000000001";
    const L: &str = "0190f5c2-7d1a-7000-8000-000000000002";

    #[test]
    fn ids_are_uuids_not_any_36_characters() {
        assert!(record_id(V).is_ok());
        assert!(record_id(&"-".repeat(36)).is_err());
        assert!(record_id("0190f5c2-7d1a-7000-8000-00000000000g").is_err());
        assert!(record_id("0190f5c27d1a-7000-8000-0000000000001-").is_err());
    }

    fn desk() -> Ctx {
        Ctx {
            user_id: 1,
            user_name: "王小红".into(),
            role: Role::Receptionist,
            now: "2026-11-22T10:00:00Z".into(),
        }
    }

    fn register() -> Mutation {
        Mutation::RegisterVisit {
            id: V.into(),
            visitor_name: "李雷".into(),
            unit: "3栋-1502".into(),
            purpose: "探亲".into(),
        }
    }

    fn code(r: Result<Applied, ApplyError>) -> RejectionCode {
        match r {
            Err(ApplyError::Rejected(r)) => r.code,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_visit_from_arrival_to_exit() {
        let mut s = MemStore::default();
        assert_eq!(register().apply(&mut s, &desk()), Ok(Applied::Done));
        let later = Ctx { now: "2026-11-22T11:00:00Z".into(), ..desk() };
        Mutation::RecordVisitExit { id: V.into() }.apply(&mut s, &later).unwrap();
        let visit: Visit = serde_json::from_value(s.get(Kind::Visit, V).unwrap().unwrap().body).unwrap();
        assert_eq!(visit.time_in, "2026-11-22T10:00:00Z");
        assert_eq!(visit.time_out.as_deref(), Some("2026-11-22T11:00:00Z"));
        assert_eq!(
            code(Mutation::RecordVisitExit { id: V.into() }.apply(&mut s, &later)),
            RejectionCode::Conflict
        );
        assert_eq!(
            code(Mutation::WithdrawVisit { id: V.into() }.apply(&mut s, &later)),
            RejectionCode::Conflict
        );
    }

    #[test]
    fn rejections_leave_the_store_unchanged() {
        let mut s = MemStore::default();
        let bad = Mutation::RegisterVisit {
            id: V.into(),
            visitor_name: " ".into(),
            unit: "1".into(),
            purpose: "x".into(),
        };
        assert_eq!(code(bad.apply(&mut s, &desk())), RejectionCode::Invalid);
        let patrol = Ctx { role: Role::Patrol, ..desk() };
        assert_eq!(code(register().apply(&mut s, &patrol)), RejectionCode::Forbidden);
        let not_uuid = Mutation::WithdrawVisit { id: "1; DROP TABLE".into() };
        assert_eq!(code(not_uuid.apply(&mut s, &desk())), RejectionCode::Invalid);
        assert!(s.records.is_empty());
        register().apply(&mut s, &desk()).unwrap();
        assert_eq!(code(register().apply(&mut s, &desk())), RejectionCode::Conflict);
    }

    #[test]
    fn concurrent_purpose_edits_report_the_overwrite() {
        let mut s = MemStore { stamp: 5, ..Default::default() };
        register().apply(&mut s, &desk()).unwrap();
        let edit = |p: &str, base| Mutation::UpdateVisitPurpose {
            id: V.into(),
            purpose: p.into(),
            base_version: base,
        };
        assert_eq!(edit("送货", 5).apply(&mut s, &desk()), Ok(Applied::Done));
        s.stamp = 6;
        let r = edit("维修", 4).apply(&mut s, &desk()).unwrap();
        assert_eq!(r, Applied::Overwrote { field: "purpose", previous: "送货".into(), current_version: 5 });
    }

    #[test]
    fn duty_log_is_append_only_and_corrections_point_back() {
        let mut s = MemStore::default();
        let append = |id: &str, corrects: Option<&str>| Mutation::AppendDutyLog {
            id: id.into(),
            text: "3栋电梯困人，已处理".into(),
            corrects: corrects.map(str::to_string),
        };
        assert_eq!(code(append(L, Some(V)).apply(&mut s, &desk())), RejectionCode::NotFound);
        append(V, None).apply(&mut s, &desk()).unwrap();
        assert_eq!(code(append(V, None).apply(&mut s, &desk())), RejectionCode::Conflict);
        append(L, Some(V)).apply(&mut s, &desk()).unwrap();
        assert_eq!(s.records.len(), 2);
    }

    #[test]
    fn mutations_travel_named_and_older_apps_args_form_still_reads() {
        let m = Mutation::RecordVisitExit { id: V.into() };
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json, serde_json::json!({"name": "record_visit_exit", "id": V}));
        assert_eq!(json["name"], m.name());
        let read = |v: Value| either_form(v).unwrap();
        assert_eq!(read(json), m);
        assert_eq!(read(serde_json::json!({"name": "record_visit_exit", "args": {"id": V}})), m);
        let old = serde_json::json!({"id": 7, "mutation": {"name": "append_duty_log",
            "args": {"id": V, "text": "交班", "corrects": null}}});
        let numbered: super::super::protocol::Numbered = serde_json::from_value(old).unwrap();
        assert_eq!(numbered.mutation.name(), "append_duty_log");
    }
}
