package dev.cascade.secret;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every encoded form the masker promises, each checked on its own with values chosen so that the form
 * differs from every other one: a masker missing any single form fails here.
 */
class SecretMaskerFormsTest {
    /** Standard Base64 holds '+', '/' and '=' padding; the URL-safe alphabet holds '-' and '_'. */
    private static final String AWKWARD = "ü>?>>~ÿ!";

    @Test
    void eachBase64AlphabetAndPaddingIsMaskedOnItsOwn() {
        byte[] bytes = AWKWARD.getBytes(StandardCharsets.UTF_8);
        String std = Base64.getEncoder().encodeToString(bytes);
        String stdBare = Base64.getEncoder().withoutPadding().encodeToString(bytes);
        String url = Base64.getUrlEncoder().encodeToString(bytes);
        String urlBare = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // the value was chosen so that the four forms differ where a masker could go wrong
        assertThat(std).contains("+").contains("/").endsWith("==");
        assertThat(url).contains("-").contains("_").endsWith("==");
        assertThat(List.of(std, stdBare, url, urlBare)).doesNotHaveDuplicates();

        SecretMasker m = SecretMasker.of(4, List.of(AWKWARD));
        for (String form : List.of(std, stdBare, url, urlBare)) {
            // followed by a character that cannot continue a Base64 text, as in a header or a JSON field
            assertThat(m.mask("auth=" + form + ";")).as(form).isEqualTo("auth=******;");
        }
        // the unpadded URL-safe form with text glued on: still nothing of it remains
        assertThat(m.mask("x" + urlBare + "y")).isEqualTo("x******y");
    }

    @Test
    void overlappingValuesAreMaskedInEveryBase64Form() {
        SecretMasker m = SecretMasker.of(4, List.of("ü>?>>~", ">>~ÿ!"));
        for (String v : List.of("ü>?>>~", ">>~ÿ!")) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            for (String form : List.of(Base64.getEncoder().encodeToString(b), Base64.getUrlEncoder().encodeToString(b),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(b))) {
                assertThat(m.mask("[" + form + "]")).as(v + " as " + form).isEqualTo("[******]");
            }
        }
        assertThat(m.mask("ü>?>>~ÿ!")).isEqualTo("******");
    }

    @Test
    void jsonEscapedFormsAreMasked() throws Exception {
        String value = "pa\"ss\\wo\nrd/é€\u0001";
        SecretMasker m = SecretMasker.of(4, List.of(value));
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper ascii = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        for (ObjectMapper mapper : List.of(plain, ascii)) {
            String json = mapper.writeValueAsString(Map.of("password", value));
            assertThat(json).doesNotContain(value);
            String masked = m.mask(json);
            assertThat(masked).isEqualTo("{\"password\":\"******\"}");
        }
        // lower-case unicode escapes and an escaped solidus, as other serializers write them
        String lower = "pa\\\"ss\\\\wo\\nrd\\/\\u00e9\\u20ac\\u0001";
        assertThat(m.mask("{\"p\":\"" + lower + "\"}")).isEqualTo("{\"p\":\"******\"}");
    }

    @Test
    void eachLongLineOfAMultiLineValueIsMaskedOnItsOwn() {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
                + "VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu\n"
                + "}\n"
                + "-----END PRIVATE KEY-----\n";
        SecretMasker m = SecretMasker.of(4, List.of(pem));
        assertThat(m.mask("line: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7")).isEqualTo("line: ******");
        assertThat(m.mask("  VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu\r")).isEqualTo("  ******\r");
        // the JSON-escaped form of a single line too
        assertThat(m.mask("\"VJTUt9Us8cKjMzEfYyjiWA4R4\\/M2bS1GB4t7NXp98C3SC6dVMvDu\"")).isEqualTo("\"******\"");
        // a short line ('}') is ordinary text: masking it would mangle every log
        assertThat(m.mask("if (x) { y }")).isEqualTo("if (x) { y }");
        // the whole value, with Windows line ends in the log, is masked line by line
        assertThat(m.mask(pem.replace("\n", "\r\n"))).doesNotContain("MIIEvQ").doesNotContain("VJTUt9");
    }

    @Test
    void lowerCasePercentEncodingIsMasked() {
        String value = "p@ss wörd/+=";
        SecretMasker m = SecretMasker.of(4, List.of(value));
        String upper = URLEncoder.encode(value, StandardCharsets.UTF_8);
        String lower = "p%40ss+w%c3%b6rd%2f%2b%3d";
        String lower20 = "p%40ss%20w%c3%b6rd%2f%2b%3d";
        assertThat(upper.toLowerCase(Locale.ROOT)).isEqualTo(lower);
        for (String form : List.of(upper, lower, lower20, upper.replace("+", "%20"))) {
            assertThat(m.mask("q=" + form + "&x=1")).as(form).isEqualTo("q=******&x=1");
        }
    }

    @Property(tries = 300)
    void noFormOfAnyUnicodeValueSurvives(@ForAll @StringLength(min = 4, max = 16) String value,
                                         @ForAll @StringLength(max = 8) String before) throws Exception {
        Assume.that(!value.contains("*") && !before.contains("*"));
        Assume.that(StandardCharsets.UTF_8.newEncoder().canEncode(value)); // well-formed: no lone surrogate
        SecretMasker m = SecretMasker.of(4, List.of(value));
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        String json = new ObjectMapper().writeValueAsString(value);
        List<String> forms = List.of(value, url, lowerEscapes(url),
                Base64.getEncoder().encodeToString(b), Base64.getEncoder().withoutPadding().encodeToString(b),
                Base64.getUrlEncoder().encodeToString(b), Base64.getUrlEncoder().withoutPadding().encodeToString(b),
                json.substring(1, json.length() - 1));
        for (String form : forms) {
            String masked = m.mask(before + form + " ");
            assertThat(masked).as(form).contains(SecretMasker.MASK).doesNotContain(form);
        }
    }

    @Test
    void jsonFormsEscapeExactlyWhatSerializersEscape() throws Exception {
        // a control character whose escape has hex letters (ESC, 1B), a space and '~' (the last
        // printable ASCII character, never escaped), next to non-ASCII text, as Jackson writes them
        String value = "s p~\u001Bé~";
        SecretMasker m = SecretMasker.of(4, List.of(value));
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper ascii = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        for (ObjectMapper mapper : List.of(plain, ascii)) {
            String json = mapper.writeValueAsString(Map.of("k", value));
            assertThat(json).doesNotContain(value);
            assertThat(m.mask(json)).as(json).isEqualTo("{\"k\":\"******\"}");
        }
        assertThat(m.mask("\"s p~\\u001b\\u00e9~\"")).isEqualTo("\"******\"");
    }

    @Test
    void aValueStartingWithASlashIsMaskedWithTheSlashEscaped() {
        SecretMasker m = SecretMasker.of(4, List.of("/var/secret-token"));
        assertThat(m.mask("{\"p\":\"\\/var\\/secret-token\"}")).isEqualTo("{\"p\":\"******\"}");
    }

    @Test
    void linesAreSplitWhereverTheLineBreakIs() {
        String line = "ABCDEFGHIJKLMNOPQRST"; // 20 characters: long enough to be masked on its own
        for (String value : List.of("\n" + line, "\r" + line, line + "\r" + line.toLowerCase(Locale.ROOT))) {
            SecretMasker m = SecretMasker.of(4, List.of(value));
            assertThat(m.mask("at " + line + ".")).as(value).isEqualTo("at ******.");
        }
        // a line of exactly the minimum line length is masked on its own; one character shorter is not
        String sixteen = "0123456789abcdef";
        SecretMasker m = SecretMasker.of(4, List.of(sixteen + "\n" + sixteen.substring(1) + "\n}"));
        assertThat(m.mask("a " + sixteen + " b")).isEqualTo("a ****** b");
        assertThat(m.mask("a " + sixteen.substring(1) + " b")).isEqualTo("a " + sixteen.substring(1) + " b");
    }

    @Test
    void jacksonEscapesAsTheMaskerExpects() throws Exception {
        // guards the assumption above: Jackson's default escaping is the masker's minimal JSON form
        String v = "a\"b\\c\nd\u0002é";
        String json = new ObjectMapper().writeValueAsString(v);
        assertThat(json.substring(1, json.length() - 1)).isEqualTo(SecretMasker.jsonEscaped(v, false, false));
    }

    private static String lowerEscapes(String encoded) {
        return Pattern.compile("%[0-9A-F]{2}").matcher(encoded).replaceAll(r -> r.group().toLowerCase(Locale.ROOT));
    }
}
