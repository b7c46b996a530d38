// GraphiQL for the relocate API, served from this server: no CDN involved.
(function () {
  var defaultQuery = [
    '# The welcome guide of the City of Magdeburg',
    '# in German, Latvian, Russian and English.',
    '# Press the play button: the arrival',
    '# checklist in Latvian.',
    '',
    'query ArrivalChecklist @inContext(language: LV) {',
    '  guideArticle(slug: "first-two-weeks-checklist") {',
    '    title',
    '    language',
    '    translationStatus',
    '    summary',
    '    body',
    '    translations { language title path status }',
    '  }',
    '}',
    '',
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
    defaultQuery: defaultQuery,
    defaultEditorToolsVisibility: true,
  }));
})();
