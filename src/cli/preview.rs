//! `prepdeck deck preview CARD`: a coach tries one card as a candidate will see it, in the
//! drill and results screens, without a database: nothing is saved, recorded or scheduled.

use super::{App, Failure, Outcome, on_a_terminal, wall_clock};

pub fn run(app: App, card: &str) -> Outcome {
    let card = app.card(card)?.id.clone();
    if !on_a_terminal() {
        return Err(Failure::usage(format!(
            "a preview runs in the terminal, and this is not one; `prepdeck show {card}` prints the card and `prepdeck score {card} --answer FILE` scores an answer"
        )));
    }
    crate::tui::preview(&card, app.bank, app.config, wall_clock()?).map_err(Failure::new)?;
    Ok(0)
}
