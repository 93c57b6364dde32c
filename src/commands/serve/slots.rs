//! How many connections the preview holds at once, counted apart by what they do, so that a
//! flood of one kind cannot take the places of another:
//!
//! - heads still arriving: at most [`MAX_HEADS`]; one more drops the oldest (a real browser
//!   sends its head at once, a client that dribbles it is the one that waits longest);
//! - pages being sent: at most [`MAX_PAGES`], more get 503;
//! - live-reload event streams, which stay open as long as their tab: at most [`MAX_STREAMS`],
//!   more get 503.
//!
//! So the threads and open connections of the server stay under the sum of the three.

use std::collections::BTreeMap;
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Connections still sending their request head.
pub const MAX_HEADS: usize = 128;
/// Pages (and refusals) being sent at once.
pub const MAX_PAGES: usize = 64;
/// Open live-reload event streams.
pub const MAX_STREAMS: usize = 64;

/// The connections whose head is still arriving, oldest first.
#[derive(Debug, Default)]
pub struct Arriving {
    open: Mutex<BTreeMap<u64, Arc<TcpStream>>>,
    next: AtomicU64,
}

impl Arriving {
    /// Counts a new connection in; when [`MAX_HEADS`] are already arriving, the oldest is shut
    /// down, which ends its read and so its thread.
    pub fn admit(self: &Arc<Self>, stream: &Arc<TcpStream>) -> HeadSlot {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        while open.len() >= MAX_HEADS {
            if let Some((_, oldest)) = open.pop_first() {
                let _ = oldest.shutdown(Shutdown::Both);
            }
        }
        open.insert(id, Arc::clone(stream));
        HeadSlot {
            id,
            arriving: Arc::clone(self),
        }
    }

    /// How many heads are arriving now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// A connection counted among the arriving heads until dropped.
#[derive(Debug)]
pub struct HeadSlot {
    id: u64,
    arriving: Arc<Arriving>,
}

impl Drop for HeadSlot {
    fn drop(&mut self) {
        self.arriving
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

/// A number of places, taken and given back.
#[derive(Debug)]
pub struct Places {
    taken: AtomicUsize,
    max: usize,
}

impl Places {
    pub fn new(max: usize) -> Arc<Self> {
        Arc::new(Places {
            taken: AtomicUsize::new(0),
            max,
        })
    }

    /// A place, or `None` when all are taken.
    pub fn take(self: &Arc<Self>) -> Option<Place> {
        let taken = self
            .taken
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < self.max).then_some(n + 1)
            });
        taken.ok().map(|_| Place(Arc::clone(self)))
    }
}

/// A place held until dropped, however the connection's thread ends.
#[derive(Debug)]
pub struct Place(Arc<Places>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.taken.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The places of the server, shared by its threads.
#[derive(Debug)]
pub struct Slots {
    pub arriving: Arc<Arriving>,
    pub pages: Arc<Places>,
    pub streams: Arc<Places>,
}

impl Default for Slots {
    fn default() -> Self {
        Slots {
            arriving: Arc::default(),
            pages: Places::new(MAX_PAGES),
            streams: Places::new(MAX_STREAMS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    #[test]
    fn places_are_capped_and_given_back() {
        let places = Places::new(2);
        let first = places.take().unwrap();
        let second = places.take().unwrap();
        assert!(places.take().is_none());
        drop(first);
        let third = places.take();
        assert!(third.is_some());
        drop((second, third));
        assert!(places.take().is_some());
    }

    #[test]
    fn one_head_too_many_drops_the_oldest() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let arriving = Arc::new(Arriving::default());
        let mut clients = Vec::new();
        let mut slots = Vec::new();
        for _ in 0..=MAX_HEADS {
            clients.push(TcpStream::connect(addr).unwrap());
            let (stream, _) = listener.accept().unwrap();
            slots.push(arriving.admit(&Arc::new(stream)));
        }
        assert_eq!(arriving.len(), MAX_HEADS);
        // The oldest was shut down: its client reads the end of the stream.
        let mut byte = [0u8; 1];
        assert_eq!(clients[0].read(&mut byte).unwrap(), 0);
        drop(slots.pop());
        assert_eq!(arriving.len(), MAX_HEADS - 1);
        drop(slots);
        assert_eq!(arriving.len(), 0);
    }
}
