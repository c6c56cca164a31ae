package dev.streambus.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Tables as Laravel's artisan prints them (Symfony Console's {@code default} style): {@code +---+} rules, one space of
 * padding, a rule under the header and at the end; a cell with line breaks spans several lines. The {@code compact}
 * style has no rules and separates columns by a space. Widths count characters (code points).
 */
public final class AsciiTable {

    private AsciiTable() {
    }

    /** The table's lines, default style. */
    public static List<String> render(List<String> headers, List<List<String>> rows) {
        return render(headers, rows, false);
    }

    /** The table's lines; {@code compact} for Symfony's compact style. */
    public static List<String> render(List<String> headers, List<List<String>> rows, boolean compact) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int c = 0; c < widths.length; c++) {
                for (String line : cell(row, c).split("\n", -1)) {
                    widths[c] = Math.max(widths[c], width(line));
                }
            }
        }
        List<String> out = new ArrayList<>();
        String rule = rule(widths);
        if (!compact) {
            out.add(rule);
        }
        addRow(out, headers, widths, compact);
        if (!compact) {
            out.add(rule);
        }
        for (List<String> row : rows) {
            addRow(out, row, widths, compact);
        }
        if (!compact && !rows.isEmpty()) {
            out.add(rule);
        }
        return out;
    }

    private static void addRow(List<String> out, List<String> row, int[] widths, boolean compact) {
        int lines = 1;
        for (int c = 0; c < widths.length; c++) {
            lines = Math.max(lines, cell(row, c).split("\n", -1).length);
        }
        for (int l = 0; l < lines; l++) {
            StringBuilder sb = new StringBuilder(compact ? "" : "|");
            for (int c = 0; c < widths.length; c++) {
                String[] cellLines = cell(row, c).split("\n", -1);
                String text = l < cellLines.length ? cellLines[l] : "";
                sb.append(' ').append(text).append(" ".repeat(widths[c] - width(text))).append(' ');
                sb.append(compact ? "" : "|");
            }
            out.add(sb.toString());
        }
    }

    private static String rule(int[] widths) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : widths) {
            sb.append("-".repeat(w + 2)).append('+');
        }
        return sb.toString();
    }

    private static String cell(List<String> row, int column) {
        String value = column < row.size() ? row.get(column) : "";
        return value == null ? "" : value;
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
