"""The grouping's text similarity counts a batch's n-grams once but weights them per report: its
figures must be exactly scikit-learn's TF-IDF over the report and its own candidates."""

from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from services.incident_grouping import text_similarities

BATCH = ["Zware knallen vuurwerk bij het Hoge Veld-plein", "Vuurwerk knallen op Hoge Veld-plein, jongeren",
         "Boom omgewaaid over het fietspad", "", "Harde knallen vuurwerk bij het plein",
         "Container vol, vuilniszakken ernaast", "Jongeren maken herrie bij het plein"]


def test_per_report_weighting_over_batch_counts_equals_tfidf_over_the_report_and_its_candidates():
    counts = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(BATCH)
    for rows in ([0, 1, 2, 3], [4, 0, 1, 6], [6, 5], [3, 0, 1]):
        texts = [BATCH[i] for i in rows]
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(texts)
        expected = cosine_similarity(vectors[0], vectors[1:])[0]
        got = text_similarities(counts[rows])
        assert len(got) == len(expected)
        assert all(abs(a - b) < 1e-12 for a, b in zip(got, expected))
    assert text_similarities(counts[[0, 1, 2]])[0] > 0.3 > text_similarities(counts[[0, 1, 2]])[1]
