package catalogue.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.EmptyTokenStream;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.StringSetting;

/** Elasticsearch's {@code stemmer} token filter, {@code language} (or {@code name}, default
 * {@code porter}), with the same filter per language as Elasticsearch for French and English;
 * any other language goes, as there, to the Snowball stemmer of that name. */
@NamedComponent("stemmer")
public final class StemmerFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Settings {
        @StringSetting(path = "language", defaultValue = "")
        String language();

        @StringSetting(path = "name", defaultValue = "")
        String name();
    }

    private final String language;

    @Inject
    public StemmerFilterFactory(Settings settings) {
        String language = settings.language();
        if (language == null || language.isEmpty()) {
            language = settings.name();
        }
        this.language = language == null || language.isEmpty() ? "porter" : language;
        // As in Elasticsearch: an unknown language fails when the index is created (Snowball finds
        // no stemmer of that name), not at the first document.
        try {
            create(new EmptyTokenStream()).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TokenStream create(TokenStream input) {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "french" -> new SnowballFilter(input, new org.tartarus.snowball.ext.FrenchStemmer());
            case "light_french", "lightfrench" -> new FrenchLightStemFilter(input);
            case "minimal_french", "minimalfrench" -> new FrenchMinimalStemFilter(input);
            case "english", "porter" -> new PorterStemFilter(input);
            case "light_english", "lightenglish", "kstem" -> new KStemFilter(input);
            case "porter2" -> new SnowballFilter(input, new org.tartarus.snowball.ext.EnglishStemmer());
            case "minimal_english", "minimalenglish" -> new EnglishMinimalStemFilter(input);
            case "possessive_english", "possessiveenglish" -> new EnglishPossessiveFilter(input);
            default -> new SnowballFilter(
                input, language.substring(0, 1).toUpperCase(Locale.ROOT) + language.substring(1)
            );
        };
    }
}
