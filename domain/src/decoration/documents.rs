//! Which documents an application needs follows from what the work changes.

use serde::{Deserialize, Serialize};

/// What the owner plans to change (装修范围).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// Non-load-bearing walls removed or moved (承重墙 never).
    pub walls: bool,
    pub plumbing: bool,
    pub electrical: bool,
    pub ceiling: bool,
    /// A kitchen or bathroom is redone: its waterproofing must be redone and tested.
    pub wet_rooms: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 营业执照
    BusinessLicence,
    /// 资质证书
    Qualification,
    /// 平面布置图
    FloorPlan,
    /// 墙体改动图
    WallPlan,
    /// 给排水改动图
    PlumbingPlan,
    /// 电气线路/配电图
    ElectricalPlan,
    /// 天花图
    CeilingPlan,
    /// 防水方案
    WaterproofingPlan,
}

/// The documents an application with `scope` must have, received and signed.
pub fn required(scope: &Scope) -> Vec<DocumentKind> {
    use DocumentKind::*;
    let mut out = vec![BusinessLicence, Qualification, FloorPlan];
    for (needed, kind) in [
        (scope.walls, WallPlan),
        (scope.plumbing, PlumbingPlan),
        (scope.electrical, ElectricalPlan),
        (scope.ceiling, CeilingPlan),
        (scope.wet_rooms, WaterproofingPlan),
    ] {
        if needed {
            out.push(kind);
        }
    }
    out
}

/// One document as the desk checks it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub kind: DocumentKind,
    pub received: bool,
    pub signed: bool,
}

/// The required documents still missing or unsigned.
pub fn missing(scope: &Scope, documents: &[Document]) -> Vec<DocumentKind> {
    required(scope)
        .into_iter()
        .filter(|k| !documents.iter().any(|d| d.kind == *k && d.received && d.signed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_decides_the_documents() {
        assert_eq!(required(&Scope::default()).len(), 3);
        let bathroom = Scope { wet_rooms: true, plumbing: true, ..Scope::default() };
        assert!(required(&bathroom).contains(&DocumentKind::WaterproofingPlan));
        assert!(
            !required(&Scope { ceiling: true, ..Scope::default() })
                .contains(&DocumentKind::WaterproofingPlan)
        );
        let docs: Vec<Document> = required(&bathroom)
            .into_iter()
            .map(|kind| Document { kind, received: true, signed: kind != DocumentKind::PlumbingPlan })
            .collect();
        assert_eq!(missing(&bathroom, &docs), [DocumentKind::PlumbingPlan], "received but not signed");
    }
}
