//! A size budget for rendering one page, so a template cannot take the machine down: a loop with
//! `{% set s = s ~ s %}` doubles a string each turn and once ate 15 GB. Pages are written through
//! [`CappedWriter`], which stops Tera with an error past `[limits] page_bytes`; a value built in
//! memory (never written) is caught by [`Guarded`], the global allocator's wrapper, when a single
//! allocation made while a template renders exceeds twice that limit. Tera cannot be interrupted
//! there, so whitecoat reports the template and exits (code 2) before anything is committed:
//! the previous output stays as it was.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::{Cell, RefCell};
use std::io::Write;

/// Allocations below this size are never checked (keeps the allocator's fast path as it was).
const UNCHECKED: usize = 1 << 20;

thread_local! {
    /// The allocation size allowed on this thread while a template renders (`usize::MAX`: not rendering).
    static LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
    /// What is rendering (template and page), for the report.
    static RENDERING: RefCell<String> = const { RefCell::new(String::new()) };
    /// The page limit it renders within, for the report.
    static PAGE_BYTES: Cell<usize> = const { Cell::new(0) };
}

/// Runs `render` with allocations on this thread bounded by `2 * page_bytes`; `what` names the
/// template and page for the report.
pub fn within<T>(what: &str, page_bytes: usize, render: impl FnOnce() -> T) -> T {
    RENDERING.with(|r| {
        let mut r = r.borrow_mut();
        r.clear();
        r.push_str(what);
    });
    PAGE_BYTES.with(|p| p.set(page_bytes));
    let previous = LIMIT.with(|l| l.replace(page_bytes.saturating_mul(2).max(UNCHECKED)));
    let result = render();
    LIMIT.with(|l| l.set(previous));
    result
}

#[cold]
fn exceeded(size: usize) -> ! {
    // No further checks while reporting (the report itself allocates a little).
    let _ = LIMIT.try_with(|l| l.set(usize::MAX));
    let what = RENDERING.try_with(|r| r.try_borrow().map(|s| s.clone()).unwrap_or_default()).unwrap_or_default();
    let page_bytes = PAGE_BYTES.try_with(Cell::get).unwrap_or_default();
    let _ = writeln!(
        std::io::stderr(),
        "error[template/render]: {what}: the template built a value of {size} bytes while rendering; a page may be at most {page_bytes} bytes ([limits] page_bytes)\n  = help: a loop or recursion in the template builds text without bound (e.g. `{{% set_global s = s ~ s %}}` inside a for loop); fix the template\n\nnothing was written; the previous output is unchanged"
    );
    std::process::exit(2)
}

#[inline]
fn check(size: usize) {
    if size > UNCHECKED && size > LIMIT.try_with(Cell::get).unwrap_or(usize::MAX) {
        exceeded(size);
    }
}

/// The global allocator `A`, with [`within`]'s bound on single allocations while templates render.
pub struct Guarded<A>(pub A);

// SAFETY: every call is forwarded unchanged to `A`; `check` only reads a thread-local and may end
// the process, never returns an invalid pointer.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Guarded<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.0.dealloc(ptr, layout) }
    }
}

/// A page buffer that refuses to grow past a limit (Tera stops rendering at the error).
pub struct CappedWriter {
    buffer: Vec<u8>,
    limit: usize,
    exceeded: bool,
}

impl CappedWriter {
    /// An empty buffer that holds at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Self { buffer: Vec::new(), limit, exceeded: false }
    }

    /// Whether a write was refused.
    pub fn exceeded(&self) -> bool {
        self.exceeded
    }

    /// The bytes written.
    pub fn into_inner(self) -> Vec<u8> {
        self.buffer
    }
}

impl Write for CappedWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.buffer.len() + bytes.len() > self.limit {
            self.exceeded = true;
            return Err(std::io::Error::other("the page is larger than [limits] page_bytes"));
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_stops_at_its_limit() {
        let mut writer = CappedWriter::new(10);
        writer.write_all(b"0123456789").unwrap();
        assert!(!writer.exceeded());
        assert!(writer.write_all(b"x").is_err());
        assert!(writer.exceeded());
        assert_eq!(writer.into_inner(), b"0123456789");
    }

    #[test]
    fn the_limit_is_set_only_while_rendering() {
        assert_eq!(LIMIT.with(Cell::get), usize::MAX);
        within("t", 10 << 20, || assert_eq!(LIMIT.with(Cell::get), 20 << 20));
        assert_eq!(LIMIT.with(Cell::get), usize::MAX);
    }
}
