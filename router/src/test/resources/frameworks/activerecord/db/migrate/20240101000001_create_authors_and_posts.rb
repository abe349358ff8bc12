class CreateAuthorsAndPosts < ActiveRecord::Migration[6.1]
  def change
    create_table :authors do |t|
      t.string :email, null: false
      t.string :name, null: false
      t.timestamps
    end
    add_index :authors, :email, unique: true
    create_table :posts do |t|
      t.references :author, null: false, foreign_key: true
      t.string :slug, null: false
      t.string :title, null: false
      t.datetime :published_at
      t.timestamps
    end
    add_index :posts, :slug, unique: true
  end
end
