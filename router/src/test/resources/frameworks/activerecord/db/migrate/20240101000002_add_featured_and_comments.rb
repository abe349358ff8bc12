# The migration a branch tries: a column with a default, an index, a table with a foreign key.
class AddFeaturedAndComments < ActiveRecord::Migration[6.1]
  def change
    add_column :posts, :featured, :boolean, default: false, null: false
    add_index :posts, [:author_id, :published_at]
    create_table :comments do |t|
      t.references :post, null: false, foreign_key: { on_delete: :cascade }
      t.text :body, null: false
      t.timestamps
    end
  end
end
