package catalogue.analysis;

import java.util.List;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/** Elasticsearch's {@code elision} token filter: {@code articles} and {@code articles_case} (default
 * false); no {@code articles_path} here.
 *
 * <p>Without {@code articles} it removes French articles (Lucene's {@code FrenchAnalyzer.DEFAULT_ARTICLES}),
 * as Elasticsearch's pre-configured {@code elision} used by name does. One difference: Elasticsearch
 * refuses a custom {@code {"type": "elision"}} without articles, which here gets the French ones; the
 * stable API cannot tell the two uses apart (it builds every component once without settings). */
@NamedComponent("elision")
public final class ElisionFilterFactory implements TokenFilterFactory {
    @AnalysisSettings
    public interface Settings {
        @ListSetting(path = "articles")
        List<String> articles();

        @BooleanSetting(path = "articles_case", defaultValue = false)
        boolean articlesCase();
    }

    private final CharArraySet articles;

    @Inject
    public ElisionFilterFactory(Settings settings) {
        List<String> articles = settings.articles();
        boolean given = articles != null && articles.isEmpty() == false;
        this.articles = given ? new CharArraySet(articles, settings.articlesCase()) : FrenchAnalyzer.DEFAULT_ARTICLES;
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new ElisionFilter(input, articles);
    }

    @Override
    public TokenStream normalize(TokenStream input) {
        return create(input);
    }
}
