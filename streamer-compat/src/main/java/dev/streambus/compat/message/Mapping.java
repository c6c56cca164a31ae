package dev.streambus.compat.message;

/**
 * How {@code data} maps onto a Java type ({@link ReceivedMessage#dataAs(Class, Mapping)}).
 *
 * <p>{@link #STRICT} (the default) never loses data silently; an entry that does not map is rejected naming the
 * field path and the reason. {@link #LENIENT} is Jackson's default coercion, the behaviour before strict mapping.
 * Either way extra PHP keys are ignored.
 */
public enum Mapping {
    /**
     * No lossy conversion:
     * <ul>
     *   <li>integral types ({@code byte short int long}, boxed or not, {@code BigInteger}) take a JSON integer in
     *       range, a JSON number with a zero fraction in range ({@code 30.0}), or a PHP numeric string: an exact
     *       decimal integer in range ({@code "29"}, {@code "-7"}; not {@code "29.5"}, {@code " 29"},
     *       {@code "1e3"}); a fraction ({@code 30.9}) or a value out of range ({@code 3e10} into {@code int},
     *       {@code 300} into {@code byte}) is rejected;</li>
     *   <li>{@code null} into a primitive is rejected;</li>
     *   <li>a record component is required, present and not {@code null}, unless it is a
     *       boxed primitive ({@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, ...) or annotated with
     *       any annotation named {@code Nullable} (declaration or type-use, e.g. jakarta's, JSpecify's,
     *       JetBrains'); those take {@code null} when absent or null. Bean setters and fields are optional as in
     *       Jackson, but {@code null} into a primitive is still rejected.</li>
     * </ul>
     */
    STRICT,
    /** Jackson's defaults: {@code 30.9} → {@code 30}, {@code null}/missing → {@code 0} or {@code null}. */
    LENIENT
}
