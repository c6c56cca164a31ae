package dev.streambus.compat.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrintableTest {

    @Test
    void controlCharactersAndBidiOverridesAreEscaped() {
        assertEquals("x\\n12:00:00.000 ERROR FAKE\\r\\t\\u001b[31m\\u202eevil\\u0000\\u0085",
                Printable.escape("x\n12:00:00.000 ERROR FAKE\r\t\u001b[31m\u202eevil\u0000\u0085", 100));
    }

    @Test
    void printableTextIsReturnedAsItIsAndEscapingIsIdempotent() {
        String text = "order.paid 'ü' 😀 \\n \uFFFD";
        assertEquals(text, Printable.escape(text, 100));
        String once = Printable.escape("a\nb", 100);
        assertEquals(once, Printable.escape(once, 100));
    }

    @Test
    void longValuesAreCutWithAMarkerCountingWhatWasLeftOut() {
        assertEquals("nnnnn…(+95 chars)", Printable.escape("n".repeat(100), 5));
        assertEquals("\\n\\n\\n…(+7 chars)", Printable.escape("\n".repeat(10), 5), "bounded after escaping");
        assertEquals("ab😀…(+1 chars)", Printable.escape("ab😀c", 3), "a surrogate pair is never split");
        assertEquals("null", Printable.escape(null, 5));
    }
}
