package app.atelier.style;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;

/**
 * The style presets, read once at startup from {@value #FILE} and checked there: a file with a problem stops the start
 * with a message naming it. Lists keep the file's order.
 */
public final class Styles {

    static final String FILE = "styles.json";

    static final int MAX_PROMPT_LENGTH = 300;

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private final List<StyleGroup> groups;

    private final List<Style> styles;

    private final Map<String, Style> byId;

    private final Map<String, StyleGroup> groupsById;

    private Styles(List<StyleGroup> groups, List<Style> styles) {
        this.groups = List.copyOf(groups);
        this.styles = List.copyOf(styles);
        this.byId = new LinkedHashMap<>();
        styles.forEach(style -> byId.put(style.id(), style));
        this.groupsById = new LinkedHashMap<>();
        groups.forEach(group -> groupsById.put(group.id(), group));
    }

    /** All presets in the file's order. */
    public List<Style> list() {
        return styles;
    }

    /** The preset with this id, if there is one. */
    public Optional<Style> find(@Nullable String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** The groups in the file's order. */
    public List<StyleGroup> groups() {
        return groups;
    }

    /** The group a preset belongs to (every preset's group is known: the file is checked at load). */
    public StyleGroup groupOf(Style style) {
        return groupsById.get(style.group());
    }

    static Styles read(Resource resource) {
        String source = resource.getDescription();
        FileJson file;
        try (InputStream in = resource.getInputStream()) {
            file = JSON.readValue(in, FileJson.class);
        }
        catch (IOException ex) {
            throw new InvalidStylesException("The style presets cannot be read from " + source + ": " + ex.getMessage(), ex);
        }
        catch (JacksonException ex) {
            throw new InvalidStylesException("The style presets in " + source + " are not valid: " + ex.getOriginalMessage()
                    + location(ex), ex);
        }
        if (file == null) {
            throw new InvalidStylesException("The style presets in " + source + " are empty.");
        }
        return validated(source, file);
    }

    private static String location(JacksonException ex) {
        return ex.getLocation() == null ? "" : " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
    }

    private static Styles validated(String source, FileJson file) {
        List<String> problems = new ArrayList<>();
        List<StyleGroup> groups = new ArrayList<>();
        Set<String> groupIds = new HashSet<>();
        if (file.groups() == null || file.groups().isEmpty()) {
            problems.add("\"groups\" is missing or empty");
        }
        else {
            for (int i = 0; i < file.groups().size(); i++) {
                GroupJson group = file.groups().get(i);
                String where = "group #" + (i + 1);
                if (group == null) {
                    problems.add(where + " is null");
                    continue;
                }
                if (!validId(group.id())) {
                    problems.add(where + " has the id " + quoted(group.id()) + "; ids are lowercase letters, digits and single hyphens");
                }
                else if (!groupIds.add(group.id())) {
                    problems.add(where + " repeats the id \"" + group.id() + "\"");
                }
                if (isBlank(group.name())) {
                    problems.add(where + " (" + quoted(group.id()) + ") has no name");
                }
                if (validId(group.id()) && !isBlank(group.name())) {
                    groups.add(new StyleGroup(group.id(), group.name().strip()));
                }
            }
        }
        List<Style> styles = new ArrayList<>();
        Set<String> styleIds = new HashSet<>();
        Set<String> usedGroups = new HashSet<>();
        if (file.styles() == null || file.styles().isEmpty()) {
            problems.add("\"styles\" is missing or empty");
        }
        else {
            for (int i = 0; i < file.styles().size(); i++) {
                StyleJson style = file.styles().get(i);
                String where = "style #" + (i + 1);
                if (style == null) {
                    problems.add(where + " is null");
                    continue;
                }
                int before = problems.size();
                if (!validId(style.id())) {
                    problems.add(where + " has the id " + quoted(style.id()) + "; ids are lowercase letters, digits and single hyphens");
                }
                else {
                    where = where + " (\"" + style.id() + "\")";
                    if (!styleIds.add(style.id())) {
                        problems.add(where + " repeats an id already used");
                    }
                }
                if (isBlank(style.name())) {
                    problems.add(where + " has no name");
                }
                if (style.group() == null || !groupIds.contains(style.group())) {
                    problems.add(where + " names the unknown group " + quoted(style.group()));
                }
                else {
                    usedGroups.add(style.group());
                }
                if (isBlank(style.prompt())) {
                    problems.add(where + " has no prompt");
                }
                else if (style.prompt().strip().length() > MAX_PROMPT_LENGTH) {
                    problems.add(where + " has a prompt of " + style.prompt().strip().length() + " characters; at most "
                            + MAX_PROMPT_LENGTH + " are allowed");
                }
                if (problems.size() == before) {
                    styles.add(new Style(style.id(), style.name().strip(), style.group(), style.prompt().strip()));
                }
            }
        }
        for (StyleGroup group : groups) {
            if (file.styles() != null && !file.styles().isEmpty() && !usedGroups.contains(group.id())) {
                problems.add("group \"" + group.id() + "\" has no styles");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidStylesException("The style presets in " + source + " are not valid: " + String.join("; ", problems) + ".");
        }
        return new Styles(groups, styles);
    }

    private static boolean validId(@Nullable String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static String quoted(@Nullable String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }

    private record FileJson(@Nullable List<@Nullable GroupJson> groups, @Nullable List<@Nullable StyleJson> styles) {
    }

    private record GroupJson(@Nullable String id, @Nullable String name) {
    }

    private record StyleJson(@Nullable String id, @Nullable String name, @Nullable String group, @Nullable String prompt) {
    }

}
