-- Create index "checklistitemtranslation_item_id" to table: "checklist_item_translations"
CREATE INDEX "checklistitemtranslation_item_id" ON "checklist_item_translations" ("item_id");
-- Create index "glossarytermtranslation_term_id" to table: "glossary_term_translations"
CREATE INDEX "glossarytermtranslation_term_id" ON "glossary_term_translations" ("term_id");
-- Create index "guidearticletranslation_article_id" to table: "guide_article_translations"
CREATE INDEX "guidearticletranslation_article_id" ON "guide_article_translations" ("article_id");
-- Create index "guidecategorytranslation_category_id" to table: "guide_category_translations"
CREATE INDEX "guidecategorytranslation_category_id" ON "guide_category_translations" ("category_id");
-- Create index "placecategorytranslation_category_id" to table: "place_category_translations"
CREATE INDEX "placecategorytranslation_category_id" ON "place_category_translations" ("category_id");
-- Create index "placetranslation_place_id" to table: "place_translations"
CREATE INDEX "placetranslation_place_id" ON "place_translations" ("place_id");
