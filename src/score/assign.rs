//! Sharing sentences out among rubric items: each sentence can back only a few items, and
//! within that limit the items together earn as much as the answer allows.
//!
//! Taking items one at a time (heaviest first) is not enough: a sentence can give its last
//! slot to an item that would earn only half there, while another item that needed exactly
//! that sentence for full credit goes without. The sharing is a small transport problem
//! (items to sentences, each sentence with a capacity), solved exactly by successive
//! shortest augmenting paths.

use std::ops::{Add, Neg};

/// One place an item could take its evidence from, and what it would earn there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub unit: usize,
    /// Weight times credit, in any fixed unit: only comparisons and sums matter.
    pub value: u64,
}

/// For each item, the index of the offer it takes (in its own list), or `None`.
///
/// `offers[i]` lists item `i`'s offers best first; `priority` orders items for ties (earlier
/// first); `capacity[u]` is how many items unit `u` can back. Among assignments earning the
/// most, the one that serves earlier items wins, then the one that takes offers nearer the
/// front of each list, so the result is the same on every run.
pub fn assign(offers: &[Vec<Offer>], priority: &[usize], capacity: &[usize]) -> Vec<Option<usize>> {
    if let Some(firsts) = firsts_fit(offers, capacity) {
        return firsts;
    }
    Network::new(offers, priority, capacity).solve()
}

/// When every item's first offer fits, each item gets the most it could: nothing to solve.
fn firsts_fit(offers: &[Vec<Offer>], capacity: &[usize]) -> Option<Vec<Option<usize>>> {
    let mut left = capacity.to_vec();
    offers
        .iter()
        .map(|list| match list.first() {
            None => Some(None),
            Some(offer) => {
                let slots = &mut left[offer.unit];
                *slots = slots.checked_sub(1)?;
                Some(Some(0))
            }
        })
        .collect()
}

/// What a path through the network costs, compared in order: value earned (negated, so
/// that cheaper earns more), then which items are served, then how far down their lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Cost {
    value: i128,
    priority: i128,
    rank: i128,
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, other: Cost) -> Cost {
        Cost {
            value: self.value + other.value,
            priority: self.priority + other.priority,
            rank: self.rank + other.rank,
        }
    }
}

impl Neg for Cost {
    type Output = Cost;
    fn neg(self) -> Cost {
        Cost {
            value: -self.value,
            priority: -self.priority,
            rank: -self.rank,
        }
    }
}

struct Edge {
    to: usize,
    /// Units of flow the edge can still carry.
    room: usize,
    cost: Cost,
}

/// The residual network: a source feeding each item once, items to the units they could
/// use, units to a sink as many times as their capacity.
struct Network {
    edges: Vec<Edge>,
    /// Edge indexes leaving each node; an edge's reverse is its index with the low bit flipped.
    leaving: Vec<Vec<usize>>,
    items: usize,
    /// The edge of each (item, offer), to read the assignment back.
    offer_edges: Vec<Vec<usize>>,
}

impl Network {
    const SOURCE: usize = 0;
    const SINK: usize = 1;

    fn new(offers: &[Vec<Offer>], priority: &[usize], capacity: &[usize]) -> Network {
        let items = offers.len();
        let first_unit = 2 + items;
        let mut network = Network {
            edges: Vec::new(),
            leaving: vec![Vec::new(); first_unit + capacity.len()],
            items,
            offer_edges: Vec::with_capacity(items),
        };
        for (item, list) in offers.iter().enumerate() {
            let node = 2 + item;
            network.link(Self::SOURCE, node, 1, Cost::default());
            // Serving an earlier item is worth more than any number of later ones' ranks.
            let served = Cost {
                priority: -(items as i128 - priority[item] as i128),
                ..Cost::default()
            };
            let edges = list
                .iter()
                .enumerate()
                .map(|(rank, offer)| {
                    let cost = Cost {
                        value: -i128::from(offer.value),
                        rank: rank as i128,
                        ..served
                    };
                    network.link(node, first_unit + offer.unit, 1, cost)
                })
                .collect();
            network.offer_edges.push(edges);
        }
        for (unit, &slots) in capacity.iter().enumerate() {
            network.link(first_unit + unit, Self::SINK, slots, Cost::default());
        }
        network
    }

    fn link(&mut self, from: usize, to: usize, room: usize, cost: Cost) -> usize {
        let index = self.edges.len();
        self.edges.push(Edge { to, room, cost });
        self.edges.push(Edge {
            to: from,
            room: 0,
            cost: -cost,
        });
        self.leaving[from].push(index);
        self.leaving[to].push(index + 1);
        index
    }

    /// Sends one item at a time along the cheapest path while that path still earns
    /// something; path costs only rise, so stopping there leaves the cheapest flow.
    fn solve(mut self) -> Vec<Option<usize>> {
        while let Some((cost, path)) = self.cheapest_path()
            && cost < Cost::default()
        {
            for edge in path {
                self.edges[edge].room -= 1;
                self.edges[edge ^ 1].room += 1;
            }
        }
        (0..self.items)
            .map(|item| {
                self.offer_edges[item]
                    .iter()
                    .position(|&edge| self.edges[edge].room == 0)
            })
            .collect()
    }

    /// The cheapest source-to-sink path with room, as its cost and edges (Bellman-Ford with
    /// a queue: the residual network has negative edges but, by construction, no negative
    /// cycles).
    fn cheapest_path(&self) -> Option<(Cost, Vec<usize>)> {
        let nodes = self.leaving.len();
        let mut best: Vec<Option<Cost>> = vec![None; nodes];
        let mut via: Vec<Option<usize>> = vec![None; nodes];
        let mut queued = vec![false; nodes];
        let mut queue = std::collections::VecDeque::from([Self::SOURCE]);
        best[Self::SOURCE] = Some(Cost::default());
        while let Some(node) = queue.pop_front() {
            queued[node] = false;
            let here = best[node].expect("a queued node has been reached");
            for &edge in &self.leaving[node] {
                let Edge { to, room, cost } = self.edges[edge];
                let through = here + cost;
                if room > 0 && best[to].is_none_or(|known| through < known) {
                    best[to] = Some(through);
                    via[to] = Some(edge);
                    if !queued[to] {
                        queued[to] = true;
                        queue.push_back(to);
                    }
                }
            }
        }
        let cost = best[Self::SINK]?;
        let mut path = Vec::new();
        let mut node = Self::SINK;
        while let Some(edge) = via[node] {
            path.push(edge);
            node = self.edges[edge ^ 1].to;
        }
        Some((cost, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(unit: usize, value: u64) -> Offer {
        Offer { unit, value }
    }

    fn in_order(items: usize) -> Vec<usize> {
        (0..items).collect()
    }

    #[test]
    fn first_offers_that_fit_are_taken_as_they_are() {
        let offers = vec![vec![offer(0, 8), offer(1, 4)], vec![offer(1, 8)], vec![]];
        assert_eq!(
            assign(&offers, &in_order(3), &[1, 1]),
            [Some(0), Some(0), None]
        );
    }

    #[test]
    fn a_sentence_goes_to_the_item_that_needs_it_most() {
        // Item 0 earns 8 in sentence 0 or 8 in sentence 1; item 1 earns 8 only in sentence 0.
        // Taken in order, item 0 would take sentence 0 and item 1 would get nothing.
        let offers = vec![vec![offer(0, 8), offer(1, 8)], vec![offer(0, 8)]];
        assert_eq!(assign(&offers, &in_order(2), &[1, 1]), [Some(1), Some(0)]);
    }

    #[test]
    fn full_credit_elsewhere_beats_half_credit_here() {
        // Item 0 is heavier and earns 16 in sentence 0 or 12 in sentence 1; item 1 earns 8
        // only in sentence 0. 12 + 8 beats 16 + 0.
        let offers = vec![vec![offer(0, 16), offer(1, 12)], vec![offer(0, 8)]];
        assert_eq!(assign(&offers, &in_order(2), &[1, 1]), [Some(1), Some(0)]);
    }

    #[test]
    fn a_loss_is_not_taken_to_serve_another_item() {
        // Moving item 0 to sentence 1 would lose 12 to gain 4: item 1 goes without.
        let offers = vec![vec![offer(0, 16), offer(1, 4)], vec![offer(0, 4)]];
        assert_eq!(assign(&offers, &in_order(2), &[1, 1]), [Some(0), None]);
    }

    #[test]
    fn ties_go_to_the_earlier_item() {
        let offers = vec![vec![offer(0, 8)], vec![offer(0, 8)], vec![offer(0, 8)]];
        assert_eq!(assign(&offers, &[2, 0, 1], &[1]), [None, Some(0), None]);
        assert_eq!(assign(&offers, &[0, 1, 2], &[2]), [Some(0), Some(0), None]);
    }

    #[test]
    fn a_chain_of_moves_is_found() {
        // Item 2 needs sentence 0, whose holder (item 0) can move to sentence 1, whose holder
        // (item 1) can move to sentence 2.
        let offers = vec![
            vec![offer(0, 8), offer(1, 8)],
            vec![offer(1, 8), offer(2, 8)],
            vec![offer(0, 8)],
        ];
        assert_eq!(
            assign(&offers, &in_order(3), &[1, 1, 1]),
            [Some(1), Some(1), Some(0)]
        );
    }
}
