//! Contact points normalised to their keys (a phone number to its national
//! digits, an e-mail address, a name at a postcode), written into a string,
//! a fixed buffer or a hash without allocating.

/// Where a normalised key is written: a `String`, or a [`Key`] in place.
pub(super) trait Out {
    /// Appends; `None` when it does not fit.
    fn put(&mut self, bytes: &[u8]) -> Option<()>;

    fn put_char(&mut self, c: char) -> Option<()> {
        self.put(c.encode_utf8(&mut [0; 4]).as_bytes())
    }
}

impl Out for String {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        self.push_str(std::str::from_utf8(bytes).ok()?);
        Some(())
    }
}

/// A short key built in place, so that checking a record against the
/// lists allocates nothing.
pub(super) struct Key {
    pub(super) buf: [u8; 96],
    pub(super) len: usize,
}

impl Key {
    pub(super) fn new() -> Self {
        Self {
            buf: [0; 96],
            len: 0,
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

impl Out for Key {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.len.checked_add(bytes.len())?;
        self.buf.get_mut(self.len..end)?.copy_from_slice(bytes);
        self.len = end;
        Some(())
    }
}

/// A normalised key, written into any [`Out`]: a hash, a [`Key`] in
/// place, or a `String`.
pub(super) trait KeyOf {
    fn write<O: Out>(&self, out: &mut O) -> Option<()>;
}

/// A telephone number's digits in national form: `+44` or `0044` becomes
/// `0`, everything but digits goes.
pub(super) struct Phone<'a>(pub(super) &'a str);

impl KeyOf for Phone<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        let trimmed = self.0.trim();
        let prefix: &[u8] = if trimmed.starts_with('+') {
            b"44"
        } else {
            b"0044"
        };
        let mut digits = trimmed.bytes().filter(u8::is_ascii_digit);
        let mut head = [0u8; 4];
        let mut taken = 0;
        for slot in head.iter_mut().take(prefix.len()) {
            match digits.next() {
                Some(d) => {
                    *slot = d;
                    taken += 1;
                }
                None => break,
            }
        }
        let head = head.get(..taken).unwrap_or_default();
        if head == prefix {
            out.put(b"0")?;
        } else {
            out.put(head)?;
        }
        for d in digits {
            out.put(&[d])?;
        }
        Some(())
    }
}

/// Text lower-cased (or upper-cased) character by character; ASCII
/// without the Unicode tables.
pub(super) fn cased<O: Out>(text: &str, upper: bool, out: &mut O) -> Option<()> {
    if text.is_ascii() {
        for b in text.bytes() {
            out.put(&[if upper {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            }])?;
        }
        return Some(());
    }
    for c in text.chars() {
        if upper {
            for u in c.to_uppercase() {
                out.put_char(u)?;
            }
        } else {
            for l in c.to_lowercase() {
                out.put_char(l)?;
            }
        }
    }
    Some(())
}

/// An e-mail address trimmed and lower-cased.
pub(super) struct Email<'a>(pub(super) &'a str);

impl KeyOf for Email<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        cased(self.0.trim(), false, out)
    }
}

/// A name (white space folded, lower-cased), a NUL, and a postcode (no
/// white space, upper-cased).
pub(super) struct NameAtPostcode<'a>(pub(super) &'a str, pub(super) &'a str);

impl KeyOf for NameAtPostcode<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        for (i, word) in self.0.split_whitespace().enumerate() {
            if i > 0 {
                out.put(b" ")?;
            }
            cased(word, false, out)?;
        }
        out.put(&[0])?;
        Postcode(self.1).write(out)
    }
}

/// A postcode alone, as [`NameAtPostcode`] writes it.
pub(super) struct Postcode<'a>(pub(super) &'a str);

impl KeyOf for Postcode<'_> {
    fn write<O: Out>(&self, out: &mut O) -> Option<()> {
        for part in self.0.split_whitespace() {
            cased(part, true, out)?;
        }
        Some(())
    }
}

/// FNV-1a of the bytes written, for the bitmap.
pub(super) struct Fnv(pub(super) u64);

impl Out for Fnv {
    fn put(&mut self, bytes: &[u8]) -> Option<()> {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Some(())
    }
}
