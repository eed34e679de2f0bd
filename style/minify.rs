//! The stylesheet minifier `build.rs` runs over `style/widget.css`. It lives here, beside the
//! CSS, so the library's native tests can check it too.

/// Drops `/* comments */`, folds white space to one space, and removes it next to `{ } ; ,`
/// where CSS never needs it. Inside quoted strings nothing changes.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            c => {
                let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
                if pending_space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
                    out.push(' ');
                }
                pending_space = false;
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn drops_comments_and_folds_white_space() {
        let css = "/* theme */\n:host {\n  --ca-gap: 12px; /* why */\n  display: block;\n}\n.a,\n.b > .c { color: red }";
        assert_eq!(
            minify(css),
            ":host{--ca-gap: 12px;display: block;}.a,.b > .c{color: red}"
        );
    }

    #[test]
    fn leaves_strings_and_descendant_selectors_alone() {
        assert_eq!(
            minify(".x::before { content: \"a  /* b */  c\" }"),
            ".x::before{content: \"a  /* b */  c\"}"
        );
        assert_eq!(minify(".card :hover{}"), ".card :hover{}");
        assert_eq!(
            minify(".add::before { content: \"\\2713\\00a0\"; }"),
            ".add::before{content: \"\\2713\\00a0\";}"
        );
    }
}
