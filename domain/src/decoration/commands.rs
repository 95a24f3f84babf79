//! The changes a device makes to decorations, their rectification notices and hot-work
//! permits, as commands handing their fields to the rules in [`super::apply`] and
//! [`super::hot_work`].

use super::hot_work::{self, HotWorkAction, NewHotWork};
use super::lifecycle::DecorationAction;
use super::record::NewDecoration;
use crate::apply::{Applied, ApplyError, Command, Ctx};
use crate::sync::{Kind, Store};
use serde::{Deserialize, Serialize};

/// 装修申请, compiled at the desk with its documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplyDecoration {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub application: NewDecoration,
}

/// A review, the permit, acceptance, the refund…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActOnDecoration {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub action: DecorationAction,
}

/// The re-inspection of a notice on its deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReinspectNotice {
    pub id: String,
    pub rectified: bool,
    pub note: String,
    pub deduction: u64,
}

/// 临时动火 applied for at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplyHotWork {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub application: NewHotWork,
}

/// Customer service's, then engineering's review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActOnHotWork {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub action: HotWorkAction,
}

impl Command for ApplyDecoration {
    crate::apply::about_record!(Kind::Decoration);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::apply::apply_for(store, ctx, &self.id, &self.application)?;
        Ok(Applied::Done)
    }
}

impl Command for ActOnDecoration {
    crate::apply::about_record!(Kind::Decoration);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::apply::act(store, ctx, &self.id, &self.action)?;
        Ok(Applied::Done)
    }
}

impl Command for ReinspectNotice {
    crate::apply::about_record!(Kind::RectificationNotice);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        super::apply::reinspect(store, ctx, &self.id, self.rectified, &self.note, self.deduction)?;
        Ok(Applied::Done)
    }
}

impl Command for ApplyHotWork {
    crate::apply::about_record!(Kind::HotWorkPermit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        hot_work::apply_for(store, ctx, &self.id, &self.application)?;
        Ok(Applied::Done)
    }
}

impl Command for ActOnHotWork {
    crate::apply::about_record!(Kind::HotWorkPermit);
    fn apply(&self, store: &mut dyn Store, ctx: &Ctx) -> Result<Applied, ApplyError> {
        hot_work::act(store, ctx, &self.id, &self.action)?;
        Ok(Applied::Done)
    }
}
