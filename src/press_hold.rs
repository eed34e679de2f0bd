//! Whether a press holds the cards as drawn: from a pointer going down on them until the
//! press's click, a scroll, or its time is up (a pointer let go outside them clicks nothing
//! here). A cart that changes meanwhile must not slide the pressed button from under the
//! pointer, nor draw it anew, or the press adds nothing.
//!
//! The presses are one counting number, odd while one holds and even once it ended, so that
//! the view keeps it in a signal of a type it already has (each new signal type is code on the
//! checkout page), and so that an ended press's timer never ends a later press.

/// Whether a press holds the cards now.
pub fn holding(presses: u32) -> bool {
    presses % 2 == 1
}

/// A pointer goes down on the cards: a new press holds them (even over one that does). Its
/// number, for its timer.
pub fn down(presses: &mut u32) -> u32 {
    *presses = presses.wrapping_add(1 + *presses % 2);
    *presses
}

/// The press ends: its click, a scroll. Nothing when none holds. Whether one ended (else the
/// view need wake nothing: its cards memo ranks anew on every change).
pub fn end(presses: &mut u32) -> bool {
    let holding = holding(*presses);
    *presses = presses.wrapping_add(*presses % 2);
    holding
}

/// Press `press`'s time is up: it ends, unless a later press has come since. Whether it ended.
pub fn time_up(presses: &mut u32, press: u32) -> bool {
    *presses == press && end(presses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_press_holds_from_down_until_its_click() {
        let mut presses = 0;
        assert!(!holding(presses));
        let first = down(&mut presses);
        assert!(holding(presses));
        assert!(end(&mut presses));
        assert!(!holding(presses));
        // A click with no press under way (a keyboard's) changes nothing.
        let before = presses;
        assert!(!end(&mut presses));
        assert_eq!(presses, before);
        // The first press's timer, late: nothing to end.
        assert!(!time_up(&mut presses, first));
        assert_eq!(presses, before);
    }

    #[test]
    fn an_ended_press_timer_never_ends_a_later_press() {
        let mut presses = 0;
        let dismiss = down(&mut presses);
        end(&mut presses);
        let add = down(&mut presses);
        assert_ne!(add, dismiss);
        assert!(!time_up(&mut presses, dismiss));
        assert!(holding(presses), "the add's press still holds");
        assert!(time_up(&mut presses, add));
        assert!(!holding(presses));
    }

    #[test]
    fn a_second_pointer_down_is_a_new_press_whose_timer_alone_ends_it() {
        let mut presses = 0;
        let first = down(&mut presses);
        let second = down(&mut presses);
        assert!(holding(presses));
        assert!(!time_up(&mut presses, first));
        assert!(holding(presses));
        assert!(time_up(&mut presses, second));
        assert!(!holding(presses));
    }

    #[test]
    fn the_count_wraps_around_and_still_tells_held_from_ended() {
        let mut presses = u32::MAX - 1;
        let last = down(&mut presses);
        assert_eq!(last, u32::MAX);
        assert!(holding(presses));
        time_up(&mut presses, last);
        assert!(!holding(presses));
        assert!(holding({
            down(&mut presses);
            presses
        }));
        // A new press over one held at the very top of the count.
        let mut presses = u32::MAX;
        let next = down(&mut presses);
        assert!(holding(presses) && next != u32::MAX);
        assert!(!time_up(&mut presses, u32::MAX));
        assert!(time_up(&mut presses, next));
    }
}
