//! Ships `style/widget.css` without comments and surplus white space: the source keeps its
//! notes for shop themers, the checkout page does not pay for them.

#[path = "style/minify.rs"]
mod minify;

fn main() {
    let source = "style/widget.css";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=style/minify.rs");
    let css = std::fs::read_to_string(source).expect("style/widget.css is readable");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.css");
    std::fs::write(out, minify::minify(&css)).expect("OUT_DIR is writable");
}
