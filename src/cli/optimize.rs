//! `prepdeck optimize`: fits personal FSRS parameters to the review history with the fsrs
//! crate's optimizer, stores them, and shows how both sets predict past recall.

use serde_json::json;

use super::{App, Failure, Outcome, open_store, print_json};
use crate::schedule;

pub fn run(app: &App, json: bool) -> Outcome {
    let mut store = open_store(app)?;
    let fail = |e: crate::store::StoreError| Failure::new(e.to_string());
    let history = store.review_log().map_err(fail)?;
    let current = store.parameters().map_err(fail)?;
    let result = schedule::optimize(&history, &current).map_err(|e| Failure::new(e.to_string()))?;
    store
        .apply_parameters(&result.parameters, &app.config.schedule)
        .map_err(fail)?;
    if json {
        return print_json(&json!({
            "reviews": result.reviews, "actual_retention": result.actual_retention,
            "before": result.before, "after": result.after,
            "parameters": result.parameters.iter().map(|p| schedule::decimal::value(*p)).collect::<Vec<_>>(),
            "replaced_personal_parameters": !current.is_empty(),
        }));
    }
    let before = if current.is_empty() {
        "the default parameters"
    } else {
        "your previous parameters"
    };
    println!(
        "Fitted FSRS parameters to {} reviews, of which you recalled {:.1}%.",
        result.reviews,
        result.actual_retention * 100.0
    );
    println!(
        "Predicted recall on those reviews: {before} {:.1}% (log loss {:.3}); yours now {:.1}% (log loss {:.3}).",
        result.before.predicted_retention * 100.0,
        result.before.log_loss,
        result.after.predicted_retention * 100.0,
        result.after.log_loss
    );
    println!("Saved: every review from now on is scheduled with them.");
    Ok(0)
}
