//! The Word reader: WordprocessingML text (`docx_text`) and whole .docx
//! archives through `read_bytes` (zip directory checks, then the XML).
#![no_main]

use chitieu::config::run::Limits;
use chitieu::read::{docx_text, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(xml) = std::str::from_utf8(bytes) {
        let _ = docx_text(xml);
    }
    let _ = read_bytes(bytes, "docx", &Limits::default());
});
