package dev.streambus.redis;

/**
 * Lua helpers for scripts that read XINFO replies (flat name/value arrays), to prepend to a script:
 * {@code get(flat, name)} returns the value of field {@code name} or nil; {@code num(v)} turns nil/false (a field
 * Redis left out or reported as nil, e.g. {@code lag}) into -1, which no real counter takes, and anything else into a
 * number.
 */
public final class XinfoLua {

    public static final String FUNCTIONS = """
            local function get(flat, name)
              for i = 1, #flat, 2 do
                if flat[i] == name then return flat[i + 1] end
              end
              return nil
            end
            local function num(v)
              if v == nil or v == false then return -1 end
              return tonumber(v)
            end
            """;

    private XinfoLua() {
    }
}
