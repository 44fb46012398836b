"""Closed word classes the rule components rely on (no tagger in a blank pipeline)."""

from __future__ import annotations

# Words that make a noun phrase generic when nothing else is left ("strong baselines").
GENERIC_WORDS = frozenset(
    """the a an all other several many various these those such existing prior previous
    current recent earlier conventional standard traditional classical popular typical common
    strong competitive leading representative comparable powerful best state-of-the-art
    state of art sota baseline baselines method methods approach approaches model models
    technique techniques work works system systems alternative alternatives counterpart
    counterparts competitor competitors solution solutions algorithm algorithms architecture
    architectures framework frameworks design designs variant variants one ones
    art prior-art it them their its related similar same larger smaller comparably
    sized size full fully open-source proprietary specialized specialised relevant competing
    established well-established mainstream naive vanilla classic recently proposed
    widely-used widely used dominant baseline-based
    """.split()
)

# Modifiers that never start a technical term ("novel attention", "efficient models").
WEAK_MODIFIERS = frozenset(
    """novel new efficient effective simple better improved various different existing prior
    previous current recent strong powerful standard traditional conventional several many
    most more less our their its this that these those such other same similar proposed
    popular general specific large small larger smaller key main first second final
    significant substantial important good high low higher lower robust competitive
    comprehensive extensive challenging diverse multiple single unified typical modern
    additional further original specialized dedicated underlying corresponding respective
    well-known widely-used widely used powerful promising remarkable
    """.split()
)

TASK_HEADS = frozenset(
    """modeling modelling classification generation recognition detection segmentation
    translation answering retrieval summarization summarisation prediction forecasting
    captioning tracking parsing recommendation synthesis estimation completion
    localization localisation reconstruction editing discovery matching
    """.split()
)

METHOD_HEADS = frozenset(
    """attention transformer transformers network networks rnn rnns lstm lstms cnn cnns
    autoencoder autoencoders encoder encoders decoder decoders quantization distillation
    pruning regularization normalization embedding embeddings encoding encodings
    k-means clustering caching batching fine-tuning pre-training pretraining prompting
    curriculum descent optimizer optimization sampling decoding search
    """.split()
)
MODEL_HEADS = frozenset({"model", "models"})

BENCHMARK_CUES = frozenset(
    {
        "benchmark",
        "benchmarks",
        "dataset",
        "datasets",
        "data-set",
        "corpus",
        "corpora",
        "suite",
        "environment",
        "environments",
        "leaderboard",
        "challenge",
        "testbed",
    }
)

STOP_CAPITALISED = frozenset(
    """we our the this these those in on for with by from to of at as an a it its however
    although while when where which that then thus moreover furthermore finally first second
    third specifically notably additionally experiments experimental extensive empirical
    empirically results our code unlike compared despite given using based recent recently
    existing previous prior current here there both each all many most such some several
    table figure section appendix github code data code-and-data available project page
    """.split()
)

NOT_ENTITIES = frozenset(
    """github arxiv huggingface hugging face google meta openai microsoft deepmind nvidia
    gpu gpus cpu cpus tpu tpus api apis ai ml nlp cv url http https ram dram sram hbm
    sota sla ii iii iv
    """.split()
)
