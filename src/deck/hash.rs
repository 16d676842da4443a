//! A card's content hash: a short digest of everything that changes what a card asks and how
//! an answer is judged, so the history can notice that a card was edited since an attempt.

use sha2::{Digest, Sha256};

use super::model::{Card, CardKind, Followup, RubricItem};

impl Card {
    /// 16 hex digits of SHA-256 over the prompt, kind, time limit, hints, outline, rubric and
    /// follow-ups. Tags, difficulty, worked examples and where the card sits in its file are
    /// left out: changing them does not change the question.
    pub fn content_hash(&self) -> String {
        let mut hasher = Fields(Sha256::new());
        hasher.text(&self.title);
        hasher.text(&self.prompt);
        match &self.kind {
            CardKind::Sectioned { framework } => hasher.text(&format!("sectioned {framework}")),
            CardKind::Recall => hasher.text("recall"),
            CardKind::Numeric {
                answer,
                tolerance,
                unit,
            } => hasher.text(&format!("numeric {answer} {tolerance} {unit}")),
        }
        hasher.text(&self.time_limit.as_secs().to_string());
        hasher.list(&self.hints);
        hasher.text(&self.outline);
        hasher.rubric(&self.rubric);
        for followup in &self.followups {
            hasher.followup(followup);
        }
        let digest = hasher.0.finalize();
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Feeds fields length-prefixed, so moving text from one field to the next changes the hash.
struct Fields(Sha256);

impl Fields {
    fn text(&mut self, text: &str) {
        self.0.update((text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
    }

    fn list(&mut self, items: &[String]) {
        self.text(&items.len().to_string());
        for item in items {
            self.text(item);
        }
    }

    fn rubric(&mut self, items: &[RubricItem]) {
        self.text(&items.len().to_string());
        for item in items {
            self.text(&item.id);
            self.text(&item.desc);
            self.text(&item.weight.to_string());
            self.list(&item.any);
            self.list(&item.all);
            self.list(&item.none);
            self.text(item.section.as_deref().unwrap_or(""));
            let needs: Vec<String> = item.needs.iter().map(|n| n.name().to_string()).collect();
            self.list(&needs);
            self.text(if item.every { "every" } else { "" });
        }
    }

    fn followup(&mut self, followup: &Followup) {
        self.text(&followup.id);
        self.text(&followup.prompt);
        self.text(&followup.time_limit.as_secs().to_string());
        self.list(&followup.hints);
        self.text(&followup.outline);
        self.rubric(&followup.rubric);
    }
}

#[cfg(test)]
mod tests {
    use crate::deck::{Bank, DeckSources};

    #[test]
    fn the_hash_is_stable_and_changes_with_the_rubric_but_not_the_tags() {
        let bank = Bank::load(&DeckSources {
            bundled: true,
            ..DeckSources::default()
        });
        let card = bank.cards().next().unwrap().clone();
        let hash = card.content_hash();
        assert_eq!(hash.len(), 16);
        assert_eq!(card.clone().content_hash(), hash);

        let mut retagged = card.clone();
        retagged.tags.push("new-tag".into());
        retagged.location.line += 10;
        assert_eq!(retagged.content_hash(), hash);

        let mut edited = card.clone();
        edited.rubric[0].desc.push_str(" (clarified)");
        assert_ne!(edited.content_hash(), hash);

        let mut moved = card;
        moved.prompt.push_str(&moved.title.clone());
        moved.title.clear();
        assert_ne!(moved.content_hash(), hash);
    }
}
