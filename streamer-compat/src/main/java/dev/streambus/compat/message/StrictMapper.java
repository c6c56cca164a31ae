package dev.streambus.compat.message;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.streambus.compat.json.PhpJson;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/** The mapper behind {@link Mapping#STRICT}: {@link PhpJson#mapper()} without lossy coercions. */
final class StrictMapper {

    static final ObjectMapper MAPPER = build();

    private StrictMapper() {
    }

    private static ObjectMapper build() {
        SimpleModule integers = new SimpleModule("streambus-exact-integers");
        add(integers, int.class, Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v);
        add(integers, long.class, Long.class, Long.MIN_VALUE, Long.MAX_VALUE, v -> v);
        add(integers, short.class, Short.class, Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v);
        add(integers, byte.class, Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v);
        exact(integers, BigInteger.class, new ExactInteger(BigInteger.class, false, null, null, null));
        ObjectMapper mapper = PhpJson.mapper().copy();
        mapper.registerModule(integers);
        mapper.setAnnotationIntrospector(new RequiredComponents());
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return mapper;
    }

    private static void add(SimpleModule module, Class<?> primitive, Class<?> boxed, long min, long max,
                            LongFunction<Object> narrow) {
        exact(module, primitive, new ExactInteger(primitive, true, BigInteger.valueOf(min), BigInteger.valueOf(max),
                narrow));
        exact(module, boxed, new ExactInteger(boxed, false, BigInteger.valueOf(min), BigInteger.valueOf(max),
                narrow));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void exact(SimpleModule module, Class<?> type, ExactInteger deserializer) {
        module.addDeserializer((Class) type, (JsonDeserializer) deserializer);
    }

    /** An integral value taken only when exact: JSON integer, zero-fraction number or PHP integer string, in range. */
    private static final class ExactInteger extends StdScalarDeserializer<Object> {
        private static final Pattern PHP_INTEGER = Pattern.compile("-?[0-9]+");

        private final boolean primitive;
        private final BigInteger min;
        private final BigInteger max;
        private final long minLong;
        private final long maxLong;
        private final LongFunction<Object> narrow;

        ExactInteger(Class<?> type, boolean primitive, BigInteger min, BigInteger max, LongFunction<Object> narrow) {
            super(type);
            this.primitive = primitive;
            this.min = min;
            this.max = max;
            this.minLong = min == null ? 0 : min.longValue();
            this.maxLong = max == null ? 0 : max.longValue();
            this.narrow = narrow;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT && min != null
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long exact = p.getLongValue(); // the common case, without BigInteger
                if (exact >= minLong && exact <= maxLong) {
                    return narrow.apply(exact);
                }
            }
            BigInteger value;
            if (token == JsonToken.VALUE_NUMBER_INT) {
                value = p.getBigIntegerValue();
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal decimal = p.getDecimalValue();
                if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
                    return ctxt.reportInputMismatch(this, "%s has a fraction: not %s without loss", p.getText(),
                            typeName());
                }
                value = decimal.toBigInteger();
            } else if (token == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (!PHP_INTEGER.matcher(text).matches()) {
                    return ctxt.reportInputMismatch(this, "string \"%s\" is not an integer", text);
                }
                value = new BigInteger(text);
            } else {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            if (min != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
                return ctxt.reportInputMismatch(this, "%s is out of range of %s (%s to %s)", value, typeName(),
                        min, max);
            }
            return narrow == null ? value : narrow.apply(value.longValue());
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            if (primitive) {
                return ctxt.reportInputMismatch(this, "null into primitive %s", typeName());
            }
            return null;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
            if (primitive) {
                return ctxt.reportInputMismatch(this, "missing: primitive %s needs a value", typeName());
            }
            return null;
        }

        private String typeName() {
            return handledType().getSimpleName();
        }
    }

    /**
     * Record components are required and non-null unless boxed primitives or annotated {@code Nullable}; an explicit
     * {@code @JsonProperty(required = true)} stays required.
     */
    private static final class RequiredComponents extends JacksonAnnotationIntrospector {
        private static final Set<Class<?>> BOXED = Set.of(Integer.class, Long.class, Short.class, Byte.class,
                Double.class, Float.class, Boolean.class, Character.class);

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            Boolean declared = super.hasRequiredMarker(member);
            if (Boolean.TRUE.equals(declared)) {
                return declared;
            }
            return requiredComponent(member) ? Boolean.TRUE : declared;
        }

        @Override
        public JsonSetter.Value findSetterInfo(Annotated annotated) {
            JsonSetter.Value declared = super.findSetterInfo(annotated);
            if (annotated instanceof AnnotatedMember member && declared.getValueNulls() == Nulls.DEFAULT
                    && requiredComponent(member)) {
                return declared.withValueNulls(Nulls.FAIL);
            }
            return declared;
        }

        private static boolean requiredComponent(AnnotatedMember member) {
            Class<?> owner = member.getDeclaringClass();
            if (owner == null || !owner.isRecord()) {
                return false;
            }
            RecordComponent[] components = owner.getRecordComponents();
            int index = -1;
            if (member instanceof AnnotatedParameter parameter) {
                if (parameter.getOwner().getParameterCount() == components.length) { // the canonical constructor
                    index = parameter.getIndex();
                }
            } else {
                for (int i = 0; i < components.length; i++) {
                    if (components[i].getName().equals(member.getName())) {
                        index = i;
                    }
                }
            }
            if (index < 0 || BOXED.contains(components[index].getType())) {
                return false;
            }
            return components[index].getType().isPrimitive() || !nullable(owner, components, index);
        }

        /** Any annotation named {@code Nullable} on the component, its type, accessor, field or constructor. */
        private static boolean nullable(Class<?> owner, RecordComponent[] components, int index) {
            RecordComponent component = components[index];
            if (named(component) || named(component.getAnnotatedType()) || named(component.getAccessor())) {
                return true;
            }
            try {
                Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
                Constructor<?> canonical = owner.getDeclaredConstructor(types);
                return named(owner.getDeclaredField(component.getName())) || named(canonical.getParameters()[index])
                        || named(canonical.getParameters()[index].getAnnotatedType());
            } catch (NoSuchFieldException | NoSuchMethodException | SecurityException e) {
                return false;
            }
        }

        private static boolean named(AnnotatedElement element) {
            return element != null && Arrays.stream(element.getAnnotations()).anyMatch(StrictMapper::isNullable);
        }
    }

    private static boolean isNullable(Annotation annotation) {
        return annotation.annotationType().getSimpleName().equals("Nullable");
    }
}
