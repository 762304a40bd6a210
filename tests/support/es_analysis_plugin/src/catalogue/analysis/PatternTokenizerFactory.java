package catalogue.analysis;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/** Elasticsearch's {@code pattern} tokenizer: {@code pattern} (default {@code \W+}), {@code flags}
 * (Java regex flag names joined by {@code |}) and {@code group} (-1: split on matches). */
@NamedComponent("pattern")
public final class PatternTokenizerFactory implements TokenizerFactory {
    @AnalysisSettings
    public interface Settings {
        @StringSetting(path = "pattern", defaultValue = "\\W+")
        String pattern();

        @StringSetting(path = "flags", defaultValue = "")
        String flags();

        @IntSetting(path = "group", defaultValue = -1)
        int group();
    }

    private final Pattern pattern;
    private final int group;

    @Inject
    public PatternTokenizerFactory(Settings settings) {
        String regex = settings.pattern() == null ? "\\W+" : settings.pattern();
        this.pattern = Pattern.compile(regex, flags(settings.flags()));
        this.group = settings.group();
    }

    /** As Elasticsearch's Regex.flagsFromString: names are case-insensitive, unknown ones refused. */
    static int flags(String names) {
        int flags = 0;
        if (names == null) {
            return flags;
        }
        for (String name : names.split("\\|")) {
            switch (name.trim().toUpperCase(Locale.ROOT)) {
                case "" -> {}
                case "CASE_INSENSITIVE" -> flags |= Pattern.CASE_INSENSITIVE;
                case "MULTILINE" -> flags |= Pattern.MULTILINE;
                case "DOTALL" -> flags |= Pattern.DOTALL;
                case "UNICODE_CASE" -> flags |= Pattern.UNICODE_CASE;
                case "CANON_EQ" -> flags |= Pattern.CANON_EQ;
                case "UNIX_LINES" -> flags |= Pattern.UNIX_LINES;
                case "LITERAL" -> flags |= Pattern.LITERAL;
                case "COMMENTS" -> flags |= Pattern.COMMENTS;
                case "UNICODE_CHAR_CLASS", "UNICODE_CHARACTER_CLASS" -> flags |= Pattern.UNICODE_CHARACTER_CLASS;
                default -> throw new IllegalArgumentException("Unknown regex flag [" + name + "]");
            }
        }
        return flags;
    }

    @Override
    public Tokenizer create() {
        return new PatternTokenizer(pattern, group);
    }
}
