//! National Provider Identifier check digit (Luhn over the `80840` prefix, per CMS).

/// Whether `npi` is 10 digits with a valid check digit.
pub fn is_valid(npi: &str) -> bool {
    if npi.len() != 10 || !npi.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    // The card-issuer prefix 80840 contributes a constant 24 to the Luhn sum of the first 9 digits.
    let digits: Vec<u32> = npi.bytes().map(|b| u32::from(b - b'0')).collect();
    let mut sum = 24;
    for (i, &d) in digits[..9].iter().enumerate() {
        // Double every other digit starting from the rightmost of the nine.
        sum += if i % 2 == 0 {
            let doubled = d * 2;
            if doubled > 9 { doubled - 9 } else { doubled }
        } else {
            d
        };
    }
    (10 - sum % 10) % 10 == digits[9]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_npis() {
        // The CMS worked example, and the bench corpus's NPI.
        assert!(is_valid("1234567893"));
        assert!(is_valid("1245319599"));
    }

    #[test]
    fn rejects_bad_check_digits_and_shapes() {
        assert!(!is_valid("1234567890"));
        assert!(!is_valid("123456789"));
        assert!(!is_valid("12345678931"));
        assert!(!is_valid("12345a7893"));
    }
}
