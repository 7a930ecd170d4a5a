//! `facts.parquet`: the long fact table for other tools (pandas, Polars,
//! DuckDB). Written with the parquet crate's column writers: one row group,
//! optional UTF-8 and DOUBLE columns, Snappy-compressed.

use crate::consolidate::{f64_values, str_values};
use crate::error::{Error, Result};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use polars::prelude::{DataFrame, DataType};
use std::sync::Arc;

fn perr(e: parquet::errors::ParquetError) -> Error {
    Error::Usage(format!("writing facts.parquet: {e}"))
}

/// The facts frame as Parquet bytes. String columns are UTF-8, numbers DOUBLE,
/// flags BOOLEAN; every column is optional (null where unknown).
pub fn facts_parquet(df: &DataFrame) -> Result<Vec<u8>> {
    let mut fields = Vec::new();
    let mut kinds = Vec::new();
    for c in df.columns() {
        let name = c.name().as_str();
        let (ty, kind) = match c.dtype() {
            DataType::String => ("BYTE_ARRAY", 's'),
            DataType::Boolean => ("BOOLEAN", 'b'),
            _ => ("DOUBLE", 'f'),
        };
        let logical = if kind == 's' { " (UTF8)" } else { "" };
        fields.push(format!("OPTIONAL {ty} {name}{logical};"));
        kinds.push((name.to_string(), kind));
    }
    let schema =
        parse_message_type(&format!("message facts {{ {} }}", fields.join(" "))).map_err(perr)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        // No version string: same inputs, same bytes across builds.
        .set_created_by("chitieu".into())
        .build();
    let mut buf = Vec::new();
    {
        let mut w =
            SerializedFileWriter::new(&mut buf, Arc::new(schema), Arc::new(props)).map_err(perr)?;
        let mut rg = w.next_row_group().map_err(perr)?;
        for (name, kind) in &kinds {
            let Some(mut col) = rg.next_column().map_err(perr)? else {
                break;
            };
            match kind {
                's' => {
                    let vals = str_values(df, name)?;
                    let def: Vec<i16> = vals.iter().map(|v| i16::from(v.is_some())).collect();
                    let data: Vec<ByteArray> = vals
                        .into_iter()
                        .flatten()
                        .map(|s| ByteArray::from(s.into_bytes()))
                        .collect();
                    col.typed::<ByteArrayType>()
                        .write_batch(&data, Some(&def), None)
                        .map_err(perr)?;
                }
                'b' => {
                    let vals: Vec<Option<bool>> = df.column(name)?.bool()?.iter().collect();
                    let def: Vec<i16> = vals.iter().map(|v| i16::from(v.is_some())).collect();
                    let data: Vec<bool> = vals.into_iter().flatten().collect();
                    col.typed::<BoolType>()
                        .write_batch(&data, Some(&def), None)
                        .map_err(perr)?;
                }
                _ => {
                    let vals = f64_values(df, name)?;
                    let def: Vec<i16> = vals.iter().map(|v| i16::from(v.is_some())).collect();
                    let data: Vec<f64> = vals.into_iter().flatten().collect();
                    col.typed::<DoubleType>()
                        .write_batch(&data, Some(&def), None)
                        .map_err(perr)?;
                }
            }
            col.close().map_err(perr)?;
        }
        rg.close().map_err(perr)?;
        w.close().map_err(perr)?;
    }
    Ok(buf)
}
