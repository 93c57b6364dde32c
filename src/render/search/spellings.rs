//! Every folded word and every way of marking one that the index has read, each once and
//! numbered: an entry keeps its words as numbers, and gathering the entries of a word is then
//! a push into a list by number, with no text hashed again.

use rustc_hash::FxHashMap;

/// Numbered texts; a number, once given, always stands for the same text.
#[derive(Debug, Default)]
pub struct Spellings {
    numbers: FxHashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Spellings {
    /// The number of `text`, given now if it has none yet.
    pub fn number(&mut self, text: &str) -> u32 {
        if let Some(&number) = self.numbers.get(text) {
            return number;
        }
        let number = u32::try_from(self.texts.len()).expect("fewer than 2^32 spellings");
        self.texts.push(text.into());
        self.numbers.insert(text.into(), number);
        number
    }

    /// The text of `number`, given by [`Spellings::number`].
    pub fn text(&self, number: u32) -> &str {
        &self.texts[number as usize]
    }

    /// How many numbers have been given: every number is below it.
    pub fn count(&self) -> usize {
        self.texts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_keeps_its_number_and_others_get_new_ones() {
        let mut spellings = Spellings::default();
        let nguyen = spellings.number("nguyen");
        let marks = spellings.number("ê~");
        assert_ne!(nguyen, marks);
        assert_eq!(spellings.number("nguyen"), nguyen);
        assert_eq!(spellings.text(nguyen), "nguyen");
        assert_eq!(spellings.text(marks), "ê~");
        assert_eq!(spellings.count(), 2);
    }
}
