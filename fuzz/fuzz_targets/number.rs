//! The number parser: any string, every convention, and the number-word reader.
#![no_main]

use chitieu::normalize::number::{
    parse_amount, parse_fraction, parse_number, parse_words, Convention,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    for conv in [
        Convention::DotThousands,
        Convention::CommaThousands,
        Convention::Unknown,
    ] {
        let _ = parse_number(s, conv);
    }
    let _ = parse_words(s);
    let _ = parse_fraction(s);
    let _ = parse_amount(s);
    let _ = chitieu::normalize::number::detect_convention(s);
});
